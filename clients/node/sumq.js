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
 *
 * A broker whose queue is full answers "busy"; summarize() then sends the
 * document again under the same job id, waiting longer each time (50 ms
 * doubling up to 1 s), while the timeout allows: a "busy" rejection means
 * the next try would have come after it. { retryBusy: false } turns that
 * off.
 *
 * While documents are out and the broker is quiet, the client asks it for
 * its status every second; when its instance has changed (a restart, which
 * loses the jobs it held in memory), the unanswered documents go out again
 * under the same job ids, as the CLI does.
 */
const crypto = require('crypto');
const zmq = require('zeromq');

const DEFAULT_ENDPOINT = 'tcp://127.0.0.1:7400';
const PROTOCOL = 'SQC1';
const BUSY_BACKOFF_MIN_MS = 50;
const BUSY_BACKOFF_MAX_MS = 1000;
// With documents out and the broker quiet this long, ask for its status.
const PING_MS = 1000;

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
   * options.timeout: ms to wait for an answer (default 30000), busy
   * answers and the tries after them included.
   * options.retryBusy: false rejects a "busy" answer at once.
   */
  constructor(endpoint, options = {}) {
    this.endpoint = endpoint || process.env.SUMQ_BROKER || DEFAULT_ENDPOINT;
    this.timeout = options.timeout || 30000;
    this.retryBusy = options.retryBusy !== false;
    // job -> { resolve, reject, frames, deadline, timer, backoff, resend }:
    // the request's frames are kept until answered, to be sent again.
    this.pending = new Map();
    this.statusWaiters = [];
    this.nextJob = 1;
    // Unique across clients and runs: a broker with a store answers an id
    // it has seen with that job's stored answer (PROTOCOL.md).
    this.prefix = `js${process.pid}-${crypto.randomUUID().slice(0, 12)}-`;
    this.socket = openDealer(this.endpoint, (frames) => this.onMessage(frames));
    this.instance = null;       // the broker's, from its last STATUS
    this.lastHeard = 0;         // Date.now() of the last request or result
    this.lastPing = 0;
    this.pinger = setInterval(() => this.pingIfQuiet(), PING_MS / 4);
    // Not a reason to keep the process alive: pending calls have timers.
    if (this.pinger.unref) this.pinger.unref();
  }

  ping() {
    this.lastPing = Date.now();
    this.socket.send([PROTOCOL, 'STATUS']).catch(() => {});
  }

  pingIfQuiet() {
    const now = Date.now();
    if (this.pending.size && now - Math.max(this.lastHeard, this.lastPing) >= PING_MS) this.ping();
  }

  /**
   * Keeps the broker's instance from a STATUS body. When it has changed
   * (a restart), every unanswered job goes out again under the same id:
   * the broker answers each id once, so a job it still has is not run twice.
   */
  noteInstance(status) {
    const instance = status && status.instance;
    if (!instance) return;
    if (this.instance && instance !== this.instance) {
      for (const [job, waiter] of this.pending) if (!waiter.resend) this.send(job);
    }
    this.instance = instance;
  }

  onMessage(frames) {
    const strings = frames.map((frame) => frame.toString('utf8'));
    if (strings[0] !== PROTOCOL) return;
    if (strings[1] === 'RESULT' && strings.length === 5) {
      const job = strings[2];
      const waiter = this.pending.get(job);
      if (!waiter || waiter.resend) return;   // a job we gave up on, or a stale duplicate
      this.lastHeard = Date.now();
      const body = JSON.parse(strings[4]);
      const error = body.error || {};
      if (strings[3] !== 'ok' && error.code === 'busy' && this.retryBusy && this.sendLater(job, waiter)) {
        return;
      }
      this.forget(job);
      if (strings[3] === 'ok') waiter.resolve(body);
      // Errors the broker makes itself ("busy", "too_large", "timeout")
      // carry no id, as it does not read request bodies.
      else waiter.reject(new SumqError(error.code || 'internal', error.message || '', body.id ?? waiter.id));
    } else if (strings[1] === 'STATUS' && strings.length === 3) {
      const status = JSON.parse(strings[2]);
      this.noteInstance(status);
      const waiter = this.statusWaiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(status);
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
        this.forget(job);
        reject(new SumqError('broker_unavailable', `no answer from ${this.endpoint}`, id));
      }, this.timeout);
      this.pending.set(job, {
        id, resolve, reject, timer, backoff: 0, resend: null,
        frames: [PROTOCOL, 'SUBMIT', job, JSON.stringify(request)],
        deadline: Date.now() + this.timeout,
      });
      // Learn the broker's instance before it can restart under us.
      if (!this.lastPing) this.ping();
      this.lastHeard = Date.now();
      this.send(job);
    });
  }

  send(job) {
    const waiter = this.pending.get(job);
    this.socket.send(waiter.frames).catch((error) => {
      this.forget(job);
      waiter.reject(error);
    });
  }

  /**
   * Schedules a job the broker answered "busy" to go out again, under the
   * same id (the broker made no job of it); false when that would come
   * after its deadline.
   */
  sendLater(job, waiter) {
    waiter.backoff = Math.min(waiter.backoff * 2 || BUSY_BACKOFF_MIN_MS, BUSY_BACKOFF_MAX_MS);
    // Jitter: jobs refused together should not come back together.
    const delay = waiter.backoff * (0.8 + 0.4 * Math.random());
    if (Date.now() + delay >= waiter.deadline) return false;
    waiter.resend = setTimeout(() => {
      waiter.resend = null;
      this.send(job);
    }, delay);
    return true;
  }

  /** Stops waiting for a job: its timers end and its answer is ignored. */
  forget(job) {
    const waiter = this.pending.get(job);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    clearTimeout(waiter.resend);
    this.pending.delete(job);
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
    clearInterval(this.pinger);
    for (const [job, waiter] of this.pending) {
      this.forget(job);
      waiter.reject(new SumqError('broker_unavailable', 'client closed'));
    }
    this.socket.close();
  }
}

module.exports = { Client, SumqError, DEFAULT_ENDPOINT };
