#!/usr/bin/env python3
"""Check JSON documents against docs/layout.schema.json.

    check_schema.py SCHEMA valid|invalid FILE...

Exit 0 if the schema is a valid draft 2020-12 schema and every FILE is
valid (or every FILE invalid), 1 otherwise (naming the files that were
not), 77 if the jsonschema module is not installed.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3 jsonschema is not installed", file=sys.stderr)
    sys.exit(77)


def main():
    schema_path, expect, *files = sys.argv[1:]
    with open(schema_path) as f:
        schema = json.load(f)
    validator_class = jsonschema.Draft202012Validator
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    wrong = []
    for path in files:
        with open(path) as f:
            document = json.load(f)
        errors = list(validator.iter_errors(document))
        if (expect == "valid") != (not errors):
            why = errors[0].message if errors else "accepted"
            wrong.append(f"{path}: {why}")
    for line in wrong:
        print(line, file=sys.stderr)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
