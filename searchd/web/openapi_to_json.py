#!/usr/bin/env python3
"""Converts docs/openapi.yaml to the JSON that GET /openapi.json serves.

Run at build time: openapi_to_json.py IN.yaml OUT.json [VERSION]. VERSION
(CMake's project() version) becomes info.version, so the description says
the version that serves it. Fails, naming the file, when the YAML does not
parse or is not an OpenAPI 3.1 document.
"""
import json
import sys

import yaml


def main():
    source, out = sys.argv[1], sys.argv[2]
    try:
        with open(source, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        sys.exit(f"{source}: {e}")
    if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3.1"):
        sys.exit(f"{source}: not an OpenAPI 3.1 document (no 'openapi: 3.1.x' at the top)")
    if not isinstance(doc.get("paths"), dict) or not doc["paths"]:
        sys.exit(f"{source}: no paths")
    if len(sys.argv) > 3:
        doc.setdefault("info", {})["version"] = sys.argv[3]
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
