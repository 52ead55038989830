'use strict';
/**
 * sumq.js: a small Node.js client for a sumq broker.
 *
 * Speaks the client side of proto/PROTOCOL.md (section 2) over one
 * ZeroMQ DEALER socket from the `zeromq` npm package (its 5.x callback
 * API, which builds against Debian's libzmq: see install.sh, or its 6.x
 * API, whichever is installed).
 *
 *   const { Client } = require('./sumq');
 *   const client = new Client('tcp://127.0.0.1:7400');
 *   const result = await client.summarize(text, { sentences: 2 });
 *   console.log(result.summary.map((s) => s.text));
 *   client.close();
 *
 * A result is the result body of schemas/result.json. A document that
 * fails rejects with a SumqError carrying the protocol's stable code
 * ("empty_document", ...); no answer within the timeout rejects with
 * code "broker_unavailable". Many summarize() calls may be in flight at
 * once on one client; replies are matched by job id.
 */
const crypto = require('crypto');
const zmq = require('zeromq');

const DEFAULT_ENDPOINT = 'tcp://127.0.0.1:7400';
const PROTOCOL = 'SQC1';

class SumqError extends Error {
  constructor(code, message, id) {
    super(`${code}: ${message}`);
    this.name = 'SumqError';
    this.code = code;
    this.id = id;
  }
}

// The two APIs of the zeromq package behind one send/onMessage/close.
function openDealer(endpoint, onMessage) {
  if (typeof zmq.Dealer === 'function') {
    const socket = new zmq.Dealer({ linger: 0 });
    socket.connect(endpoint);
    (async () => {
      try {
        for await (const frames of socket) onMessage(frames);
      } catch (err) {
        // The socket was closed: the receive loop ends with it.
      }
    })();
    // v6 queues one send at a time; chain them so none is refused.
    let queue = Promise.resolve();
    return {
      send: (frames) => { queue = queue.then(() => socket.send(frames)); return queue; },
      close: () => socket.close(),
    };
  }
  const socket = zmq.socket('dealer');
  socket.setsockopt(zmq.ZMQ_LINGER, 0);
  socket.connect(endpoint);
  socket.on('message', (...frames) => onMessage(frames));
  return {
    send: (frames) => { socket.send(frames); return Promise.resolve(); },
    close: () => socket.close(),
  };
}

class Client {
  /**
   * endpoint: default $SUMQ_BROKER, then tcp://127.0.0.1:7400.
   * options.timeout: ms to wait for an answer (default 30000).
   */
  constructor(endpoint, options = {}) {
    this.endpoint = endpoint || process.env.SUMQ_BROKER || DEFAULT_ENDPOINT;
    this.timeout = options.timeout || 30000;
    this.pending = new Map();         // job -> { resolve, reject, timer }
    this.statusWaiters = [];
    this.nextJob = 1;
    // Unique across clients and runs: a broker with a store answers an id
    // it has seen with that job's stored answer (PROTOCOL.md).
    this.prefix = `js${process.pid}-${crypto.randomUUID().slice(0, 12)}-`;
    this.socket = openDealer(this.endpoint, (frames) => this.onMessage(frames));
  }

  onMessage(frames) {
    const strings = frames.map((frame) => frame.toString('utf8'));
    if (strings[0] !== PROTOCOL) return;
    if (strings[1] === 'RESULT' && strings.length === 5) {
      const waiter = this.pending.get(strings[2]);
      if (!waiter) return;          // a job we gave up on
      this.pending.delete(strings[2]);
      clearTimeout(waiter.timer);
      const body = JSON.parse(strings[4]);
      if (strings[3] === 'ok') waiter.resolve(body);
      else {
        const error = body.error || {};
        waiter.reject(new SumqError(error.code || 'internal', error.message || '', body.id));
      }
    } else if (strings[1] === 'STATUS' && strings.length === 3) {
      const waiter = this.statusWaiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(JSON.parse(strings[2]));
      }
    }
  }

  /** Summarizes one document: resolves to the result body. */
  summarize(text, options = {}, id = 'doc') {
    const job = `${this.prefix}${this.nextJob++}`;
    const request = { version: 1, id, text };
    if (Object.keys(options).length) request.options = options;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(job);
        reject(new SumqError('broker_unavailable', `no answer from ${this.endpoint}`, id));
      }, this.timeout);
      this.pending.set(job, { resolve, reject, timer });
      this.socket.send([PROTOCOL, 'SUBMIT', job, JSON.stringify(request)]).catch((error) => {
        clearTimeout(timer);
        this.pending.delete(job);
        reject(error);
      });
    });
  }

  /** Resolves to the broker's status body (schemas/status.json). */
  status(timeout = 5000) {
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      waiter.timer = setTimeout(() => {
        this.statusWaiters.splice(this.statusWaiters.indexOf(waiter), 1);
        reject(new SumqError('broker_unavailable', `no status from ${this.endpoint}`));
      }, timeout);
      this.statusWaiters.push(waiter);
      this.socket.send([PROTOCOL, 'STATUS']).catch(reject);
    });
  }

  /** Closes the socket; pending calls are rejected. */
  close() {
    for (const [, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      waiter.reject(new SumqError('broker_unavailable', 'client closed'));
    }
    this.pending.clear();
    this.socket.close();
  }
}

module.exports = { Client, SumqError, DEFAULT_ENDPOINT };
