"""The policy domain: notices as data, and the rules that read them. Pure; no site tool, no cloud.

Both the site generator (generator/) and the upload function (functions/) import this package
and never each other, so a fact of a notice is read one way and a rule is judged in one place.

Layers, each importing only those above it:

    errors, messages, days             problems and their zh/en words; days in China
    yamlpos, fastcheck, formats,       YAML with positions; the compiled schema check; file
    sitefiles, idnumber                formats by content; site files' HTTP types; GB 11643
    profile, amend, naming             the profile contract; amendments in force; file naming
    validate, rules                    is a program file right; the eligibility engine
    programs                           the one door: load, validate, values in force on a day
"""
