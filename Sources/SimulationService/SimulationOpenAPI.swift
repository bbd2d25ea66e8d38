/// The OpenAPI entries of ``SimulationService``'s routes, spliced into the reputation service's
/// `/openapi.yaml` (``ReputationService/MountedRoutes``).
enum SimulationOpenAPI {
    /// Entries under `paths:`.
    static let paths = """
      /:
        get:
          summary: The live simulation dashboard (self-contained HTML, CSS, JavaScript and SVG; fed by /api/simulate/stream).
          responses:
            '200':
              description: The dashboard page.
              content:
                text/html: {schema: {type: string}}
      /api/health:
        get:
          summary: Simulation API liveness, with the registry's modules and component counts.
          responses:
            '200':
              description: OK.
              content:
                application/json: {schema: {type: object}}
      /api/formulas:
        get:
          summary: Every registered formula with role, summary, equation, reference and parameters.
          responses:
            '200':
              description: OK.
              content:
                application/json: {schema: {type: object}}
      /api/constants:
        get:
          summary: Parameter defaults of every registered component, by kind and key.
          responses:
            '200':
              description: OK.
              content:
                application/json: {schema: {type: object}}
      /api/simulate:
        post:
          summary: Run a bundled simulation config with optional overrides; returns the CLI's JSON output.
          requestBody:
            required: false
            content:
              application/json:
                schema: {$ref: '#/components/schemas/SimulationParameters'}
          responses:
            '200':
              description: The run's JSON (manifest, epochs, totals), as `scoring run CONFIG --format json` writes it.
              content:
                application/json: {schema: {type: object}}
            '400': {$ref: '#/components/responses/BadRequest'}
            '422':
              description: The simulation stopped on a formula invariant.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ErrorBody'}
            '503': {$ref: '#/components/responses/Unavailable'}
      /api/simulate/stream:
        get:
          summary: The same simulation as Server-Sent Events, one "epoch" event per epoch, then "done".
          parameters:
            - {name: config, in: query, required: false, schema: {type: string}}
            - {name: epochs, in: query, required: false, schema: {type: integer, minimum: 1}}
            - {name: emission, in: query, required: false, schema: {type: number, exclusiveMinimum: 0}}
            - {name: seed, in: query, required: false, schema: {type: integer, minimum: 0}}
          responses:
            '200':
              description: text/event-stream of epoch objects (reference /api/simulate field names).
              content:
                text/event-stream: {schema: {type: string}}
            '400': {$ref: '#/components/responses/BadRequest'}
            '503': {$ref: '#/components/responses/Unavailable'}

    """

    /// Entries under `components.schemas`.
    static let schemas = """
        SimulationParameters:
          type: object
          properties:
            config: {type: string, description: 'A bundled config name (a file NAME.yaml in simulation.configs_dir); default "default".'}
            epochs: {type: integer, minimum: 1, description: At most simulation.max_epochs.}
            emission: {type: number, exclusiveMinimum: 0}
            seed: {type: integer, minimum: 0}

    """
}
