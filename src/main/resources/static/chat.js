// The GoChat web page: REST for login and groups, the WebSocket protocol (proto/message.proto,
// served by the node at /proto/message.proto) for chatting. See docs/protocol.md.
/* global protobuf */

const HEARTBEAT_MS = 30000;
const GAP_GRACE_MS = 300;
const PROBE_TIMEOUT_MS = 10000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10000;

const CODE_MEANINGS = {
  1000: 'not logged in',
  1001: 'the request was malformed or not allowed',
  1002: 'the sender is not the logged-in user',
  1003: 'not authorized (bad or expired login, or not a member of the group)',
  1004: 'server error or server busy, try again',
  1005: 'no such user or group',
  1006: 'too many requests, slow down',
  1008: 'the message could not be stored, send it again',
  1009: 'this user is already online in another tab or device',
  1010: 'no route to the user',
};

const $ = (id) => document.getElementById(id);
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

let pb; // protobuf types, loaded from the node
const state = {
  userId: 0,
  token: '',
  ws: null,
  wsUrl: '',
  loggedIn: false,
  ready: false,
  leaving: false,
  attempt: 0,
  clientId: 0,
  pending: [], // {message, clientId, el, sent}
  lastSeq: 0,
  seenAbove: new Set(),
  syncing: false,
  gapTimer: null,
  heartbeat: null,
  conversations: new Map(), // key -> {key, type, id, el, messages, unread}
  active: null,
};

// ---------- protobuf ----------

async function loadProtocol() {
  const root = await protobuf.load('proto/message.proto');
  const type = (name) => root.lookupType('pb.' + name);
  pb = {
    Input: type('Input'), Output: type('Output'), OutputBatch: type('OutputBatch'),
    LoginMsg: type('LoginMsg'), HeartbeatMsg: type('HeartbeatMsg'), UpMsg: type('UpMsg'),
    PushMsg: type('PushMsg'), SyncInputMsg: type('SyncInputMsg'), SyncOutputMsg: type('SyncOutputMsg'),
    ACKMsg: type('ACKMsg'), Message: type('Message'),
    Cmd: root.lookupEnum('pb.CmdType').values, Ack: root.lookupEnum('pb.ACKType').values,
    Session: root.lookupEnum('pb.SessionType').values, MsgType: root.lookupEnum('pb.MessageType').values,
  };
}

function send(cmd, type, payload) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return false;
  const data = type.encode(type.create(payload)).finish();
  state.ws.send(pb.Input.encode(pb.Input.create({ type: cmd, data })).finish());
  return true;
}

// ---------- REST ----------

async function rest(method, path, fields, token) {
  const headers = {};
  if (token) headers.token = token;
  let body;
  if (fields) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) {
      for (const v of [].concat(value)) form.append(key, String(v));
    }
    body = form.toString();
  }
  let answer;
  try {
    const response = await fetch(path, { method, headers, body });
    answer = await response.json();
  } catch (e) {
    throw new Error('The server cannot be reached (' + e.message + ')');
  }
  if (answer.code !== 200) throw new Error(answer.msg || 'refused');
  return answer.data || {};
}

// The WebSocket address comes from the node: GET /route names the least-loaded node of a cluster
// (this node when standalone).
async function webSocketUrl() {
  try {
    const response = await fetch('route');
    if (response.ok) {
      const url = findWsUrl(await response.json());
      if (url) return url;
    }
  } catch (e) { /* reported below */ }
  throw new Error('The server did not say where its WebSocket is');
}

function findWsUrl(json) {
  if (typeof json === 'string' && /^wss?:\/\//.test(json)) return json;
  if (json && typeof json === 'object') {
    for (const value of Object.values(json)) {
      const url = findWsUrl(value);
      if (url) return url;
    }
  }
  return null;
}

// ---------- login / logout ----------

function showAuthError(text) {
  $('auth-error').textContent = text;
  $('auth-error').hidden = !text;
}

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = !text;
}

async function authenticate(register) {
  showAuthError('');
  const phone = $('phone').value.trim();
  const password = $('password').value;
  if (!phone || !password) {
    showAuthError('Phone number and password are required');
    return;
  }
  try {
    let account;
    if (register) {
      const data = await rest('POST', 'register', { phone_number: phone, nickname: $('nickname').value.trim(), password });
      account = { userId: Number(data.id), token: data.token };
    } else {
      const data = await rest('POST', 'login', { phone_number: phone, password });
      account = { userId: Number(data.user_id), token: data.token };
    }
    sessionStorage.setItem('gochat', JSON.stringify({ ...account, phone }));
    await start(account, phone);
  } catch (e) {
    showAuthError((register ? 'Register failed: ' : 'Login failed: ') + e.message);
  }
}

async function start(account, phone) {
  Object.assign(state, { userId: account.userId, token: account.token, leaving: false, lastSeq: 0, attempt: 0 });
  state.seenAbove.clear();
  state.conversations.clear();
  state.pending = [];
  state.active = null;
  $('conversations').replaceChildren();
  $('messages').replaceChildren();
  $('conv-title').textContent = 'Pick or start a conversation';
  $('members').textContent = '';
  $('composer').hidden = true;
  $('me').textContent = `user ${account.userId}` + (phone ? ` (${phone})` : '');
  $('auth').hidden = true;
  $('chat').hidden = false;
  showError('');
  state.wsUrl = await webSocketUrl();
  connect();
}

function logout() {
  state.leaving = true;
  clearInterval(state.heartbeat);
  if (state.ws) state.ws.close();
  sessionStorage.removeItem('gochat');
  $('chat').hidden = true;
  $('auth').hidden = false;
  $('password').value = '';
}

// ---------- connection ----------

function setStatus(text) {
  $('status').textContent = text;
  $('status').className = 'status ' + text.split(' ')[0];
}

function connect() {
  state.loggedIn = false;
  state.ready = false;
  state.clientId = 0;
  setStatus(state.attempt ? 'reconnecting' : 'connecting');
  const ws = new WebSocket(state.wsUrl);
  ws.binaryType = 'arraybuffer';
  state.ws = ws;
  ws.onopen = () => send(pb.Cmd.CT_Login, pb.LoginMsg, { token: utf8.encode(state.token) });
  ws.onmessage = (event) => { if (ws === state.ws) received(new Uint8Array(event.data)); };
  ws.onclose = () => { if (ws === state.ws) lost(); };
}

// A heartbeat, and a sync as a probe: the server answers it (and it catches up anything missed).
// A browser cannot ping, and a connection cut without a close is only noticed this way.
function probe() {
  send(pb.Cmd.CT_Heartbeat, pb.HeartbeatMsg, {});
  if (!state.ready || state.syncing) return;
  const ws = state.ws;
  let answered = false;
  sync(() => { answered = true; });
  setTimeout(() => {
    if (!answered && ws === state.ws) {
      state.ws = null;
      ws.close();
      lost();
    }
  }, PROBE_TIMEOUT_MS);
}

function lost() {
  clearInterval(state.heartbeat);
  state.loggedIn = false;
  state.ready = false;
  state.syncing = false;
  for (const p of state.pending) p.clientId = 0;
  if (state.leaving) {
    setStatus('offline');
    return;
  }
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(state.attempt, 10)) * (0.8 + Math.random() * 0.4);
  state.attempt++;
  setStatus(`reconnecting in ${Math.ceil(delay / 1000)} s`);
  setTimeout(() => { if (!state.leaving) connect(); }, delay);
}

function onLoggedIn() {
  state.loggedIn = true;
  state.attempt = 0;
  showError('');
  state.heartbeat = setInterval(probe, HEARTBEAT_MS);
  sync(() => {
    // messages whose ACK was lost with the old connection and that sync found stored are
    // already marked sent; the rest go out again in order
    state.ready = true;
    setStatus('online');
    for (const p of state.pending) transmit(p);
  });
}

// ---------- receiving ----------

function received(bytes) {
  let batch;
  try {
    batch = pb.OutputBatch.decode(bytes);
  } catch (e) {
    return;
  }
  for (const raw of batch.outputs) {
    const output = pb.Output.decode(raw);
    if (output.code !== 200) onServerError(output);
    else if (output.type === pb.Cmd.CT_ACK) onAck(pb.ACKMsg.decode(output.data));
    else if (output.type === pb.Cmd.CT_Message) onPush(pb.PushMsg.decode(output.data).msg);
    else if (output.type === pb.Cmd.CT_Sync) onSyncPage(pb.SyncOutputMsg.decode(output.data));
  }
}

function explain(code, text) {
  const meaning = CODE_MEANINGS[code] || 'error';
  return `${meaning[0].toUpperCase()}${meaning.slice(1)} (${code}: ${text})`;
}

function onServerError(output) {
  let ack = null;
  try { ack = pb.ACKMsg.decode(output.data); } catch (e) { /* not about a message */ }
  if (ack && ack.type === pb.Ack.AT_Up && ack.clientId) {
    const p = state.pending.find((x) => x.clientId === Number(ack.clientId));
    if (p) {
      state.pending.splice(state.pending.indexOf(p), 1);
      p.el.classList.add('failed');
      p.el.querySelector('.state').textContent = 'not sent';
      showError('Message not sent: ' + explain(output.code, output.CodeMsg));
    }
    return;
  }
  if (!state.loggedIn && output.code === 1003) {
    logout();
    showAuthError('Your login has expired, log in again: ' + explain(output.code, output.CodeMsg));
    return;
  }
  showError(explain(output.code, output.CodeMsg));
}

function onAck(ack) {
  if (ack.type === pb.Ack.AT_Login) {
    onLoggedIn();
  } else if (ack.type === pb.Ack.AT_Up) {
    const p = state.pending.find((x) => x.clientId === Number(ack.clientId));
    if (!p) return;
    state.pending.splice(state.pending.indexOf(p), 1);
    markSent(p, Number(ack.seq));
  }
}

function markSent(p, seq) {
  markSeen(seq);
  p.el.dataset.seq = seq;
  p.el.querySelector('.state').textContent = '✓';
}

function onPush(message) {
  const seq = Number(message.seq);
  if (isSeen(seq)) return;
  markSeen(seq);
  show(message, true);
  if (state.seenAbove.size && !state.gapTimer) {
    // a push or ACK of this seq may still be on its way: give it a moment, then sync
    state.gapTimer = setTimeout(() => {
      state.gapTimer = null;
      if (state.seenAbove.size && state.ready) sync(() => {});
    }, GAP_GRACE_MS);
  }
}

function isSeen(seq) {
  return seq <= state.lastSeq || state.seenAbove.has(seq);
}

function markSeen(seq) {
  if (seq <= state.lastSeq) return;
  state.seenAbove.add(seq);
  while (state.seenAbove.delete(state.lastSeq + 1)) state.lastSeq++;
}

// ---------- sync ----------

let syncDone = null;
let syncHighest = 0;

function sync(done) {
  if (state.syncing) return;
  state.syncing = true;
  syncDone = done;
  syncHighest = state.lastSeq;
  send(pb.Cmd.CT_Sync, pb.SyncInputMsg, { seq: state.lastSeq });
}

function onSyncPage(page) {
  let pageMax = 0;
  for (const message of page.messages) {
    const seq = Number(message.seq);
    pageMax = Math.max(pageMax, seq);
    if (isSeen(seq)) continue;
    if (Number(message.senderId) === state.userId && resolvePending(message, seq)) continue;
    state.seenAbove.add(seq);
    show(message, false);
  }
  syncHighest = Math.max(syncHighest, pageMax);
  if (page.hasMore && pageMax > 0) {
    send(pb.Cmd.CT_Sync, pb.SyncInputMsg, { seq: pageMax });
    return;
  }
  // everything up to the highest stored seq is known now
  state.lastSeq = Math.max(state.lastSeq, syncHighest);
  for (const seq of [...state.seenAbove]) if (seq <= state.lastSeq) state.seenAbove.delete(seq);
  while (state.seenAbove.delete(state.lastSeq + 1)) state.lastSeq++;
  state.syncing = false;
  const done = syncDone;
  syncDone = null;
  if (done) done();
}

// A stored copy of a message sent before the connection dropped, its ACK lost with it.
function resolvePending(stored, seq) {
  const text = utf8Decoder.decode(stored.content);
  const p = state.pending.find((x) => x.sent && x.clientId === 0 && x.text === text
      && x.message.receiverId === Number(stored.receiverId) && x.message.sessionType === stored.sessionType);
  if (!p) return false;
  state.pending.splice(state.pending.indexOf(p), 1);
  markSent(p, seq);
  return true;
}

// ---------- conversations ----------

function keyOf(message) {
  if (message.sessionType === pb.Session.ST_Group) return 'g' + Number(message.receiverId);
  const other = Number(message.senderId) === state.userId ? Number(message.receiverId) : Number(message.senderId);
  return 'u' + other;
}

function conversation(key) {
  let conv = state.conversations.get(key);
  if (conv) return conv;
  const group = key[0] === 'g';
  conv = { key, group, id: Number(key.slice(1)), messages: [], unread: 0 };
  conv.title = (group ? 'group ' : 'user ') + conv.id;
  conv.el = document.createElement('li');
  conv.el.dataset.key = key;
  conv.el.innerHTML = '<span class="name"></span><span class="unread" hidden></span>';
  conv.el.querySelector('.name').textContent = conv.title;
  conv.el.onclick = () => open(key);
  $('conversations').prepend(conv.el);
  state.conversations.set(key, conv);
  return conv;
}

function messageElement(message, mine) {
  const li = document.createElement('li');
  li.className = mine ? 'mine' : 'theirs';
  const from = document.createElement('span');
  from.className = 'from';
  from.textContent = mine ? 'you' : 'user ' + Number(message.senderId);
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = utf8Decoder.decode(message.content);
  const st = document.createElement('span');
  st.className = 'state';
  li.append(from, text, st);
  return li;
}

function show(message, live) {
  const conv = conversation(keyOf(message));
  const mine = Number(message.senderId) === state.userId;
  const li = messageElement(message, mine);
  li.dataset.seq = Number(message.seq);
  if (mine) li.querySelector('.state').textContent = '✓';
  conv.messages.push(li);
  if (state.active === conv.key) {
    $('messages').append(li);
    li.scrollIntoView({ block: 'end' });
  } else if (!mine) {
    conv.unread++;
  }
  $('conversations').prepend(conv.el);
  renderUnread(conv);
}

function renderUnread(conv) {
  const badge = conv.el.querySelector('.unread');
  badge.textContent = conv.unread;
  badge.hidden = conv.unread === 0;
}

async function open(key) {
  const conv = conversation(key);
  state.active = key;
  conv.unread = 0;
  renderUnread(conv);
  for (const el of $('conversations').children) el.classList.toggle('active', el.dataset.key === key);
  $('conv-title').textContent = conv.title;
  $('messages').replaceChildren(...conv.messages);
  $('composer').hidden = false;
  $('members').textContent = '';
  $('text').focus();
  if (conv.group) {
    try {
      const data = await rest('GET', 'group_user/list?group_id=' + conv.id, null, state.token);
      if (state.active === key) $('members').textContent = 'Members: ' + data.ids.map((id) => 'user ' + id).join(', ');
    } catch (e) {
      showError('Cannot list the members: ' + e.message);
    }
  }
}

// ---------- sending ----------

function transmit(p) {
  p.clientId = ++state.clientId;
  p.sent = true;
  send(pb.Cmd.CT_Message, pb.UpMsg, { msg: p.message, clientId: p.clientId });
}

function sendText(text) {
  const conv = state.conversations.get(state.active);
  if (!conv || !text) return;
  const message = {
    sessionType: conv.group ? pb.Session.ST_Group : pb.Session.ST_Single,
    receiverId: conv.id,
    senderId: state.userId,
    messageType: pb.MsgType.MT_Text,
    content: utf8.encode(text),
    sendTime: Date.now(),
  };
  const li = messageElement(message, true);
  li.querySelector('.state').textContent = 'sending…';
  conv.messages.push(li);
  $('messages').append(li);
  li.scrollIntoView({ block: 'end' });
  const p = { message, text, clientId: 0, el: li, sent: false };
  state.pending.push(p);
  if (state.ready) transmit(p);
}

function parseIds(text) {
  const ids = text.split(/[\s,]+/).filter(Boolean);
  if (!ids.length || ids.some((id) => !/^[1-9][0-9]{0,18}$/.test(id))) return null;
  return ids;
}

// ---------- wiring ----------

function wire() {
  $('auth-form').onsubmit = (e) => { e.preventDefault(); authenticate(false); };
  $('register').onclick = () => authenticate(true);
  $('logout').onclick = logout;
  $('composer').onsubmit = (e) => {
    e.preventDefault();
    sendText($('text').value.trim());
    $('text').value = '';
  };
  $('new-chat-form').onsubmit = (e) => {
    e.preventDefault();
    const ids = parseIds($('new-chat-id').value);
    if (!ids || ids.length !== 1) { showError('Enter one user id (a number)'); return; }
    if (Number(ids[0]) === state.userId) { showError('You cannot chat with yourself'); return; }
    showError('');
    $('new-chat-id').value = '';
    open('u' + ids[0]);
  };
  $('new-group-form').onsubmit = async (e) => {
    e.preventDefault();
    const ids = parseIds($('group-members').value);
    if (!ids) { showError('Members: user ids (numbers) separated by commas'); return; }
    try {
      const data = await rest('POST', 'group/create', { name: $('group-name').value.trim(), ids }, state.token);
      showError('');
      $('group-name').value = '';
      $('group-members').value = '';
      open('g' + data.id);
    } catch (err) {
      showError('Cannot create the group: ' + err.message);
    }
  };
  // for tests and for trying the reconnect by hand: drop the connection as a network cut would
  window.gochat = { dropConnection: () => state.ws && state.ws.close(), state };
}

async function main() {
  wire();
  try {
    await loadProtocol();
  } catch (e) {
    showAuthError('Cannot load the protocol from the server: ' + e.message);
    return;
  }
  const saved = JSON.parse(sessionStorage.getItem('gochat') || 'null');
  if (saved) {
    start(saved, saved.phone).catch((e) => showError(e.message));
  }
  document.body.dataset.ready = 'true';
}

main();
