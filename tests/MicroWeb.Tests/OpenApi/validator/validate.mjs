// Validates an OpenAPI document with @apidevtools/swagger-parser (structure against the official 3.0/3.1 schemas,
// then $refs resolved). Usage: node validate.mjs <document.json>. Exit 0 when valid; otherwise the errors on stderr, exit 1.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
try {
  const api = await SwaggerParser.validate(file);
  console.log(`valid: ${api.info.title} ${api.info.version} (openapi ${api.openapi})`);
} catch (error) {
  console.error(error.message);
  for (const detail of error.details ?? []) {
    console.error(JSON.stringify(detail));
  }
  process.exit(1);
}
