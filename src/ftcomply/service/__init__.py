"""`ftcomply serve`: the checks as an HTTP service, with OPA's Data API beside ftcomply's own.

One module per concern: `app` (endpoints, limits), `auth` (bearer token),
`decisionlog` (JSON-lines decision log), `evaluator` (the thread that owns the
compiled policies), `opa` (the Data API document), `server` (uvicorn, workers).
Needs the `serve` extra (Starlette and uvicorn).
"""
