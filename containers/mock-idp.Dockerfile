# The mock IdP. Build: `npm run containers:build` (it prepares the context: the packed package and the
# dependencies the servers load, then builds both images). NODE_IMAGE is any image with Node 20 in
# /usr/local/bin or on PATH: node:20-bookworm-slim by default, or one made offline from the machine's
# own node (containers/node-base.sh).
#
#   docker run --network host sso-conformance/mock-idp:VERSION --host 127.0.0.1 --port 7000
#   docker run -p 7000:7000 sso-conformance/mock-idp:VERSION      (defaults: --host 0.0.0.0 --port 7000
#                                                                   --public-url http://localhost:7000)
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. The prepared build, checked: the image does not build if the server cannot load what it needs.
FROM ${NODE_IMAGE} AS app
COPY app /opt/sso-conformance
RUN ["node", "--input-type=module", "-e", "await import('/opt/sso-conformance/node_modules/sso-conformance/dist/mock-idp/index.js')"]

# 2. What runs: node and the app, as an unprivileged user, with a health check.
FROM ${NODE_IMAGE}
COPY --from=app /opt/sso-conformance /opt/sso-conformance
ENV NODE_ENV=production \
    SSO_CONFORMANCE_READY_FILE=/tmp/sso-conformance-ready
USER 1000:1000
EXPOSE 7000
# The server writes the URL to ask into the ready file once it listens (the port may be picked at start).
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "/opt/sso-conformance/node_modules/sso-conformance/dist/cli/healthcheck.js"]
ENTRYPOINT ["node", "/opt/sso-conformance/node_modules/sso-conformance/dist/cli/sso-conformance.js", "idp"]
CMD ["--host", "0.0.0.0", "--port", "7000", "--public-url", "http://localhost:7000"]
