"""Offline, deterministic generation of the Engine API models from the specs in ``schemas/``.

``python -m codegen`` writes ``src/dockersdk/models/_generated.py`` (from the newest spec, after
``codegen/spec_patch.yaml``) and ``src/dockersdk/models/_versions.json`` (from every spec);
``python -m codegen --check`` regenerates into a temporary directory and diffs. The spec files
themselves come from ``python -m codegen.update_schema``.

Modules: ``specs`` (stored files, verified by sha256), ``patch`` (spec corrections),
``naming`` (snake_case field names), ``convert`` (Swagger 2.0 to OpenAPI 3.1 schemas, one per
model), ``generate`` (the pinned datamodel-code-generator), ``history`` (the version table).
"""
