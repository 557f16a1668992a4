# The reference SP. Build: `npm run containers:build` (see mock-idp.Dockerfile). The operator API's
# token comes from SP_OPERATOR_TOKEN (or --operator-token); without either a random one is printed.
#
#   docker run --network host -e SP_OPERATOR_TOKEN=… sso-conformance/reference-sp:VERSION --host 127.0.0.1 --port 7100
#   docker run -p 7100:7100 sso-conformance/reference-sp:VERSION   (defaults: --host 0.0.0.0 --port 7100
#                                                                    --public-url http://localhost:7100)
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. The prepared build, checked: the image does not build if the server cannot load what it needs.
FROM ${NODE_IMAGE} AS app
COPY app /opt/sso-conformance
RUN ["node", "--input-type=module", "-e", "await import('/opt/sso-conformance/node_modules/sso-conformance/dist/sp-under-test/index.js')"]

# 2. What runs: node and the app, as an unprivileged user, with a health check.
FROM ${NODE_IMAGE}
COPY --from=app /opt/sso-conformance /opt/sso-conformance
ENV NODE_ENV=production \
    SSO_CONFORMANCE_READY_FILE=/tmp/sso-conformance-ready
USER 1000:1000
EXPOSE 7100
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "/opt/sso-conformance/node_modules/sso-conformance/dist/cli/healthcheck.js"]
ENTRYPOINT ["node", "/opt/sso-conformance/node_modules/sso-conformance/dist/cli/sso-conformance.js", "sp"]
CMD ["--host", "0.0.0.0", "--port", "7100", "--public-url", "http://localhost:7100"]
