// Starts Notebook. PORT (default 3000; 0 picks a free one) and HOST (default 127.0.0.1) say where it
// listens; PUBLIC_URL is its address as browsers and the IdP see it (default http://HOST:PORT),
// written into the SSO URLs it hands out (ACS, Entity ID, redirect URI).
import { createServer } from 'node:http';
import { createApp } from './app.js';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);

const server = createServer();
server.listen(port, host, () => {
  const baseUrl = process.env.PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${host}:${server.address().port}`;
  server.on('request', createApp({ baseUrl }));
  console.log(`Notebook listening on ${baseUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));
