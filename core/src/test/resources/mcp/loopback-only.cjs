// Preloaded (node --require) into a server a test starts: whatever address it asks to listen on, it
// listens on loopback only, so that a test never opens a port to the network.
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const port = args[0];
  if (typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port))) {
    if (typeof args[1] === 'string') {
      args[1] = '127.0.0.1';
    } else {
      args.splice(1, 0, '127.0.0.1');
    }
  } else if (port && typeof port === 'object' && !('path' in port)) {
    args[0] = { ...port, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
