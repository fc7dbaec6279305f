#!/usr/bin/env python3
"""Checks recorded searchd answers against the OpenAPI description.

  validate_openapi_log.py OPENAPI.json LOG.jsonl [--min-answers N] [--skip-if-empty]

LOG.jsonl holds one line per JSON answer a test got (tests/openapi_log.cc
writes it when BYLINE_OPENAPI_LOG is set): method, path, status, content_type,
body; method and path "?" when a raw connection's request could not be told. Each answer must be described: its path matches a path of the document,
its method an operation of that path, its status one of the operation's
responses (or of x-byline-any-request; unknown paths x-byline-unknown-path;
OPTIONS x-byline-preflight), with an application/json schema its body
validates against (JSON Schema 2020-12, python3-jsonschema). Every failure is
printed with the request; the exit status is 1 when there is one.
"""
import argparse
import collections
import json
import os
import re
import sys

import jsonschema

METHODS = ("get", "put", "post", "delete", "patch")


def path_regex(template):
    parts = re.split(r"(\{[^}]+\})", template)
    # A path parameter of searchd's routes is (.+): ids may hold a '/'.
    return re.compile("^" + "".join(".+" if p.startswith("{") else re.escape(p)
                                    for p in parts if p) + "$")


class Spec:
    def __init__(self, doc):
        self.doc = doc
        self.paths = [(t, path_regex(t), item) for t, item in doc["paths"].items()]
        # Exact paths before templates, so /admin/articles is not {id}; then
        # the templates with more literal text, as searchd routes them, so
        # /articles/{id}/related and /duplicates are not /articles/{id}.
        self.paths.sort(key=lambda p: ("{" in p[0], -len(re.sub(r"\{[^}]+\}", "", p[0]))))

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            node = self.doc
            for key in ref[2:].split("/"):
                node = node[key]
        return node

    def find(self, method, path, status):
        """(template, response object) or (None, why it is not described)."""
        status = str(status)
        if method == "OPTIONS":
            responses = self.doc.get("x-byline-preflight", {}).get("responses", {})
            return ("OPTIONS *", responses[status]) if status in responses else (
                None, f"OPTIONS answering {status} is not described")
        any_request = self.doc.get("x-byline-any-request", {}).get("responses", {})
        if method == "?":  # a raw connection's answer whose request could not be told
            return ("any request", any_request[status]) if status in any_request else (
                None, f"{status} is not described as an answer to any request")
        op_name = "get" if method == "HEAD" else method.lower()
        for template, regex, item in self.paths:
            if not regex.match(path):
                continue
            op = item.get(op_name)
            if op is None:
                return None, f"{template} has no {op_name} operation"
            responses = op.get("responses", {})
            if status in responses:
                return f"{op_name} {template}", responses[status]
            if status in any_request:
                return f"{op_name} {template}", any_request[status]
            return None, (f"{op_name} {template} does not list status {status} "
                          f"(lists {', '.join(sorted(responses))})")
        unknown = self.doc.get("x-byline-unknown-path", {}).get("responses", {})
        if status in unknown:
            return "unknown path", unknown[status]
        if status in any_request:
            return "unknown path", any_request[status]
        return None, f"no path of the description matches {path}"

    def schema_for(self, response):
        response = self.resolve(response)
        content = response.get("content", {})
        for media, body in content.items():
            if media.split(";")[0].strip() == "application/json":
                return body.get("schema")
        return None


def check_schemas(doc):
    """Every schema of the document is itself valid JSON Schema 2020-12."""
    problems = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                here = f"{where}/{key}"
                if key == "schema" or (where == "#/components/schemas"):
                    try:
                        jsonschema.Draft202012Validator.check_schema(value)
                    except jsonschema.SchemaError as e:
                        problems.append(f"{here}: not a valid schema: {e.message}")
                walk(value, here)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(doc, "#")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("openapi")
    parser.add_argument("log")
    parser.add_argument("--min-answers", type=int, default=1)
    parser.add_argument("--skip-if-empty", action="store_true",
                        help="exit 77 (ctest's skip) when LOG is missing or empty")
    args = parser.parse_args()
    with open(args.openapi, encoding="utf-8") as f:
        doc = json.load(f)
    if args.skip_if_empty and (not os.path.exists(args.log) or os.path.getsize(args.log) == 0):
        print(f"{args.log}: no answers recorded (no test run got a JSON answer); skipped")
        return 77
    problems = check_schemas(doc)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    spec = Spec(doc)
    # Schemas refer to #/components/...: validate inside the whole document.
    registry_root = dict(doc)
    validators = {}
    failures = []
    failed_lines = set()

    def fail(line_number, message):
        failures.append(message)
        failed_lines.add(line_number)

    seen = collections.Counter()
    count = 0
    with open(args.log, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            count += 1
            rec = json.loads(line)
            path = rec["path"].split("?", 1)[0]
            where = f"{args.log}:{number}: {rec['method']} {rec['path'][:120]} -> {rec['status']}"
            template, found = spec.find(rec["method"], path, rec["status"])
            if template is None:
                fail(number, f"{where}: not described: {found}")
                continue
            seen[(template, rec["status"])] += 1
            schema = spec.schema_for(found)
            if schema is None:
                fail(number, f"{where}: {template} {rec['status']} has no application/json "
                                f"body in the description, but answered {rec['content_type']}")
                continue
            try:
                body = json.loads(rec["body"])
            except ValueError as e:
                fail(number, f"{where}: the body is not JSON ({e}): {rec['body'][:200]}")
                continue
            validator = validators.get(id(schema))
            if validator is None:
                root = dict(registry_root)
                root["$ref"] = "#/__check__"
                root["__check__"] = schema
                validator = validators[id(schema)] = jsonschema.Draft202012Validator(root)
            errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
            for e in errors[:3]:
                at = "/".join(str(p) for p in e.absolute_path) or "(the body)"
                fail(number, f"{where}: at {at}: {e.message[:300]}")
    for (template, status), n in sorted(seen.items(), key=lambda x: (x[0][0], str(x[0][1]))):
        print(f"  {n:6d}  {template} {status}")
    # Which answers failed, by line: a count of messages (up to three an
    # answer) could stay the same while a different answer fails.
    print(f"{count} answers checked against {args.openapi}; {len(failures)} failures; "
          f"{len(failed_lines)} answers failed: lines {', '.join(map(str, sorted(failed_lines)))}")
    for failure in failures[:200]:
        print(failure, file=sys.stderr)
    if count < args.min_answers:
        print(f"only {count} answers were recorded (expected at least {args.min_answers}): "
              "was BYLINE_OPENAPI_LOG set for the tests?", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
