// The baseline server in a process of its own: node:http reading the body and answering a fixed 200 JSON, with
// no verification, parsing or database. Prints its port as the first line.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const ANSWER = JSON.stringify({ response_type: 'ephemeral', text: 'ok' });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(ANSWER));
});
server.listen(0, '127.0.0.1', () => console.log(String((server.address() as AddressInfo).port)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
