// A deliberately small stdio MCP server (node, no packages) for what real servers do not show on
// demand: dying in the middle of a call, flooding stdout, never answering. Usage:
//   node script-server.mjs MODE [LOG]
// MODE: die-on-call | flood-on-call | silent-call | echo. Every line received is appended to LOG.
import { createInterface } from 'node:readline';
import { appendFileSync } from 'node:fs';

const [mode, log] = process.argv.slice(2);
const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const answer = (id, result) => send({ jsonrpc: '2.0', id, result });

createInterface({ input: process.stdin }).on('line', (line) => {
  if (log) appendFileSync(log, line + '\n');
  const message = JSON.parse(line);
  switch (message.method) {
    case 'initialize':
      answer(message.id, {
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: 'script-server', version: '1.0.0' },
      });
      break;
    case 'tools/list':
      answer(message.id, {
        tools: [{ name: 'act', description: 'Does what the mode says', inputSchema: { type: 'object', properties: {} } }],
      });
      break;
    case 'tools/call':
      if (mode === 'die-on-call') {
        process.stderr.write('dying on purpose in the middle of a call\n');
        process.exit(3);
      } else if (mode === 'flood-on-call') {
        const flood = () => {
          while (process.stdout.write('garbage, not JSON-RPC\n')) {}
          process.stdout.once('drain', flood);
        };
        flood();
      } else if (mode === 'silent-call') {
        // never answers: the client must time out or cancel
      } else {
        answer(message.id, { content: [{ type: 'text', text: JSON.stringify(message.params.arguments) }] });
      }
      break;
    default:
      if (message.id !== undefined) answer(message.id, {});
  }
});
process.stdout.on('error', () => process.exit(0));
