// Starts Swagger UI on the server's own OpenAPI document. A separate file (no inline
// script) so the page works under a strict Content-Security-Policy of default-src 'self'.
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: false,
    validatorUrl: null
  });
});
