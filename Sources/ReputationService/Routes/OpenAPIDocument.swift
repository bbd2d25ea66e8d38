import Foundation

/// The OpenAPI 3.1 description served at `GET /openapi.yaml`: the service's own routes plus those
/// of every ``MountedRoutes`` (``yaml(mounting:)``).
///
/// A test compares its `paths` with the router's registered routes, so adding a route without
/// documenting it (or the reverse) fails the build's tests.
enum OpenAPIDocument {
    /// The document for a server with these mounts (their paths after the service's own, their
    /// schemas before the service's own).
    static func yaml(mounting mounts: [any MountedRoutes] = []) -> String {
        var out = paths
        for mount in mounts { out += mount.openAPIPaths }
        out += components
        for mount in mounts { out += mount.openAPISchemas }
        return out + schemas
    }

    /// From `openapi:` through the service's own `paths` entries.
    static let paths = """
    openapi: 3.1.0
    info:
      title: SubnetScoring reputation service
      version: 1.0.0
      description: >
        Serves miner reputation to allow-listed validators and stores their reward allocations.
        Validator requests carry a signed-message document (sr25519 or ed25519) over
        "<endpoint> validator=<ss58> timestamp=<ISO 8601>", checked for signer, endpoint, freshness
        (default ±600 s) and replay. Errors are JSON ErrorBody objects. See docs/service-security.md.
    paths:
      /reputation_request:
        post:
          summary: Reputation of the listed miners (unknown miners are Neutral, rep_score 1.0).
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ReputationRequest'}
          responses:
            '200':
              description: One entry per requested miner, in request order.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ReputationResponse'}
            '400': {$ref: '#/components/responses/BadRequest'}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Forbidden'}
            '413': {$ref: '#/components/responses/TooLarge'}
            '503': {$ref: '#/components/responses/Unavailable'}
      /reward_allocation:
        post:
          summary: Store a validator's reward allocation for a cycle (fsynced before the answer).
          parameters:
            - name: Idempotency-Key
              in: header
              required: false
              description: Same as the body's idempotency_key; a repeat returns the first answer and stores nothing.
              schema: {type: string, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/RewardAllocation'}
          responses:
            '200':
              description: Stored under rewards/<cycle_id>/<validator_hotkey>/<filename>.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/RewardAllocationResponse'}
            '400': {$ref: '#/components/responses/BadRequest'}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Forbidden'}
            '409':
              description: The same idempotency key is being processed by another request; retry.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ErrorBody'}
            '413': {$ref: '#/components/responses/TooLarge'}
            '500':
              description: The allocation could not be stored durably; nothing was written.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ErrorBody'}
            '503': {$ref: '#/components/responses/Unavailable'}
      /admin/reload_snapshot:
        post:
          summary: Re-read and validate the snapshot (and allow-list) now. Signed by an admin hotkey.
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [validator_hotkey, signature]
                  properties:
                    validator_hotkey: {type: string, description: An admin hotkey from the config.}
                    signature: {type: string, description: Signed "reload_snapshot validator=<ss58> timestamp=<time>".}
          responses:
            '200':
              description: Reloaded; the health report.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Health'}
            '400': {$ref: '#/components/responses/BadRequest'}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Forbidden'}
            '422':
              description: The file is missing or invalid; the previous snapshot is still served.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ErrorBody'}
      /healthz:
        get:
          summary: Snapshot version, generation time, age, miner count and last load error.
          responses:
            '200':
              description: Health report ("degraded" when no snapshot is served or the last load failed).
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Health'}
      /metrics:
        get:
          summary: Prometheus text exposition.
          responses:
            '200':
              description: Requests by route and status, signature failures by reason, snapshot version and age, latency histogram.
              content:
                text/plain: {schema: {type: string}}
      /openapi.yaml:
        get:
          summary: This document.
          responses:
            '200':
              description: OpenAPI 3.1 YAML.
              content:
                application/yaml: {schema: {type: string}}

    """

    /// `components:` with its `responses`, up to `schemas:`.
    static let components = """
    components:
      responses:
        BadRequest:
          description: Malformed JSON, a wrong type or a missing or invalid field (named in "field").
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
        Unauthorized:
          description: >
            The signature is malformed, does not verify, is not by validator_hotkey, signs the wrong
            message, is outside the freshness window or was already used (see "reason").
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
        Forbidden:
          description: The hotkey is not on the allow-list.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
        TooLarge:
          description: The body exceeds max_body_bytes (default 1 MiB).
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
        Unavailable:
          description: The replay cache is full; retry after the Retry-After delay.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
      schemas:

    """

    /// The service's own schemas.
    static let schemas = """
        ErrorBody:
          type: object
          required: [error]
          properties:
            error: {type: string}
            field: {type: string}
            reason: {type: string}
            request_id: {type: string}
        ReputationRequest:
          type: object
          required: [validator_hotkey, miners, signature]
          properties:
            validator_hotkey: {type: string, description: SS58 address (prefix 42).}
            miners: {type: array, items: {type: string}}
            signature: {type: string, description: Signed "reputation_request validator=<ss58> timestamp=<time>".}
        ReputationResponse:
          type: object
          required: [rep_snapshot_version, generated_at, miners]
          properties:
            rep_snapshot_version: {type: [string, 'null']}
            generated_at: {type: [string, 'null']}
            miners:
              type: array
              items:
                type: object
                required: [miner_hotkey, rep_score, rep_tier]
                properties:
                  miner_hotkey: {type: string}
                  rep_score: {type: number}
                  rep_tier: {type: string}
        RewardAllocation:
          type: object
          required: [validator_hotkey, cycle_id, miners, signature]
          properties:
            validator_hotkey: {type: string}
            rep_snapshot_version: {type: [string, 'null']}
            cycle_id: {type: string, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'}
            step_id: {type: [string, 'null']}
            timestamp: {type: [string, 'null']}
            idempotency_key: {type: string, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'}
            signature: {type: string, description: Signed "reward_allocation validator=<ss58> timestamp=<time>".}
            miners:
              type: array
              items:
                type: object
                required: [miner_hotkey, base_reward, rep_score, rep_tier, reputation_bonus, total_reward]
                properties:
                  miner_hotkey: {type: string}
                  uid: {type: integer, minimum: 0}
                  base_reward: {type: number, minimum: 0}
                  rep_score: {type: number, minimum: 0}
                  rep_tier: {type: string}
                  reputation_bonus: {type: number}
                  total_reward: {type: number, minimum: 0}
        RewardAllocationResponse:
          type: object
          required: [status, filename]
          properties:
            status: {type: string, enum: [ok]}
            filename: {type: string}
            duplicate: {type: boolean}
        Health:
          type: object
          properties:
            status: {type: string, enum: [ok, degraded]}
            snapshot_version: {type: [string, 'null']}
            generated_at: {type: [string, 'null']}
            age_seconds: {type: [number, 'null']}
            miner_count: {type: integer}
            loaded_at: {type: [string, 'null']}
            last_load_error: {type: [string, 'null']}
            last_load_error_at: {type: [string, 'null']}
            snapshot_loads: {type: integer}
            snapshot_load_failures: {type: integer}
            allow_list_size: {type: integer}
            allow_list_error: {type: [string, 'null']}
            compat: {type: boolean}

    """
}

extension OpenAPIDocument {
    /// `"METHOD /path"` for every operation under `paths:` in `yaml`.
    static func operations(in yaml: String) -> Set<String> {
        var documented = Set<String>()
        var currentPath: String?
        var inPaths = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if let p = currentPath, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "delete", "patch"].contains(String(method)) { documented.insert("\(method.uppercased()) \(p)") }
            }
        }
        return documented
    }
}
