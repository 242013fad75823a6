// Huzhu portal: a thin client over the JSON API (/api/v1). No framework, no build step.
// Every value from the server is written with textContent, never as HTML.
'use strict';

let csrf = '';

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const resp = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) {
    const e = data.error || {};
    const err = new Error((e.field ? e.field + ': ' : '') + (e.message || resp.statusText));
    err.status = resp.status;
    throw err;
  }
  return data;
}

// Money is integer fen; the screen shows yuan. Parse "1234.5" without floating point.
function yuanToFen(text) {
  const m = /^\s*(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

function fenToYuan(fen) {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return sign + Math.floor(abs / 100).toLocaleString('zh-CN') + '.' + String(abs % 100).padStart(2, '0');
}

const statusNames = {
  submitted: '待审核', info_requested: '待补充材料', pending_second_approval: '待复核',
  approved: '已批准', rejected: '已拒绝', appealed: '申诉中', in_batch: '支付中',
  paid: '已支付', returned: '已退汇',
};

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function homeFor(role) {
  if (role === 'member' || role === 'union_officer') return '/member.html';
  if (role === 'claims_officer' || role === 'senior_officer' || role === 'auditor' || role === 'admin') return '/officer.html';
  if (role === 'finance') return '/finance.html';
  return '/';
}

async function requireLogin() {
  try {
    const me = await api('GET', '/me');
    csrf = me.csrf;
    document.getElementById('who').textContent = me.username + ' (' + me.role + ')';
    document.getElementById('logout').addEventListener('click', async () => {
      await api('POST', '/logout').catch(() => {});
      location.href = '/';
    });
    return me;
  } catch (e) {
    location.href = '/';
    throw e;
  }
}

async function loginPage() {
  const form = document.getElementById('login-form');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const error = document.getElementById('login-error');
    error.textContent = '';
    try {
      const r = await api('POST', '/login', {
        username: form.username.value, password: form.password.value,
      });
      location.href = homeFor(r.role);
    } catch (e) {
      error.textContent = '登录失败：' + e.message;
    }
  });
}

function claimRow(c) {
  const li = el('li', null, 'claim');
  li.append(el('strong', '#' + c.id + ' ' + (statusNames[c.status] || c.status)));
  li.append(el('span', ' ' + (c.admission || c.event_date || '') + ' ' + c.hospital));
  li.append(el('span', ' 互助金 ' + fenToYuan(c.payout_fen) + ' 元', 'amount'));
  return li;
}

async function memberPage() {
  const me = await requireLogin();
  const coverage = document.getElementById('coverage');
  if (me.role === 'union_officer') {
    document.getElementById('member-no-row').hidden = false;
    document.getElementById('member_no').required = true;
    document.getElementById('coverage-card').hidden = true;
  }
  for (const c of me.coverage || []) {
    coverage.append(el('li', c.plan_name + '（' + c.plan_code + ' ' + c.plan_version + '）' +
      c.shares + ' 份，保障期 ' + c.cover_start + ' 至 ' + c.cover_end));
  }
  const today = new Date().toISOString().slice(0, 10);
  document.getElementById('admission').max = today;
  document.getElementById('discharge').max = today;

  async function refresh() {
    const list = document.getElementById('claims');
    const data = await api('GET', '/claims?limit=50');
    list.replaceChildren();
    const ul = el('ul');
    for (const c of data.items) {
      const li = claimRow(c);
      li.addEventListener('click', async () => {
        const full = await api('GET', '/claims/' + c.id);
        li.querySelector('.explain')?.remove();
        li.append(el('p', full.quote.explanation.zh, 'explain'));
      });
      ul.append(li);
    }
    list.append(data.items.length ? ul : el('p', '还没有申请。No claims yet.'));
  }

  const form = document.getElementById('claim-form');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const error = document.getElementById('claim-error');
    error.textContent = '';
    const body = {
      plan_code: form.plan_code.value.trim(), admission: form.admission.value,
      discharge: form.discharge.value, hospital: form.hospital.value.trim(),
      diagnosis: form.diagnosis.value.trim(), settlement_no: form.settlement_no.value.trim(),
      invoice_no: form.invoice_no.value.trim(),
    };
    if (me.role === 'union_officer') body.member_no = form.member_no.value.trim();
    for (const input of form.querySelectorAll('[data-fen]')) {
      const fen = yuanToFen(input.value || '0');
      if (fen === null) {
        error.textContent = input.labels[0].textContent + '：请填写金额，如 1234.56';
        input.focus();
        return;
      }
      body[input.dataset.fen] = fen;
    }
    try {
      const r = await api('POST', '/claims', body);
      error.textContent = '';
      form.reset();
      form.plan_code.value = body.plan_code;
      alert('已提交申请 #' + r.id + '，预计互助金 ' + fenToYuan(r.payout_fen) + ' 元。\n' + r.quote.explanation.zh);
      await refresh();
    } catch (e) {
      error.textContent = '提交失败：' + e.message;
    }
  });
  await refresh();
}

async function officerPage() {
  await requireLogin();
  const filter = document.getElementById('status-filter');
  const queue = document.getElementById('queue');
  const more = document.getElementById('more');
  let next = null;
  let current = null;

  async function load(append) {
    const params = new URLSearchParams({ limit: '20' });
    if (filter.value) params.set('status', filter.value);
    if (append && next) params.set('after', next);
    const data = await api('GET', '/claims?' + params);
    if (!append) queue.replaceChildren();
    for (const c of data.items) {
      const tr = el('tr');
      tr.tabIndex = 0;
      tr.append(el('td', String(c.id)), el('td', c.member_no + ' ' + c.member_name),
        el('td', c.admission || c.event_date || ''), el('td', c.hospital),
        el('td', fenToYuan(c.payout_fen), 'num'), el('td', statusNames[c.status] || c.status));
      const open = () => show(c.id);
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
      queue.append(tr);
    }
    next = data.next;
    more.hidden = !next;
  }

  async function show(id) {
    const c = await api('GET', '/claims/' + id);
    current = c;
    document.getElementById('detail').hidden = false;
    document.getElementById('detail-id').textContent = '#' + c.id + ' · ' + (statusNames[c.status] || c.status);
    const dl = document.getElementById('detail-facts');
    dl.replaceChildren();
    const facts = [
      ['会员 Member', c.member_no + ' ' + c.member_name], ['计划 Plan', c.plan_code + ' ' + c.plan_version],
      ['住院 Stay', (c.admission || '') + ' – ' + (c.discharge || '')], ['医院 Hospital', c.hospital],
      ['诊断 Diagnosis', c.diagnosis], ['结算单号 / 发票号', c.settlement_no + ' / ' + c.invoice_no],
      ['总费用 Total', fenToYuan(c.total_fen)], ['统筹支付 Fund paid', fenToYuan(c.fund_paid_fen)],
      ['大病保险', fenToYuan(c.critical_insurance_fen)], ['医疗救助', fenToYuan(c.assistance_fen)],
      ['自费 Out of scope', fenToYuan(c.out_of_scope_fen)], ['互助金 Payout', fenToYuan(c.payout_fen) + ' 元'],
    ];
    for (const [k, v] of facts) dl.append(el('dt', k), el('dd', v));
    document.getElementById('detail-explanation').textContent = c.quote.explanation.zh + ' ' + c.quote.explanation.en;
    const history = document.getElementById('detail-history');
    history.replaceChildren();
    for (const h of c.history) {
      history.append(el('li', h.at + ' ' + h.actor + '：' + (statusNames[h.to] || h.to) + (h.reason ? '（' + h.reason + '）' : '')));
    }
    document.getElementById('decision-error').textContent = '';
    document.getElementById('detail').scrollIntoView();
  }

  document.getElementById('decision-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const action = ev.submitter ? ev.submitter.dataset.action : 'approve';
    const error = document.getElementById('decision-error');
    try {
      await api('POST', '/claims/' + current.id + '/decision', {
        action, reason: document.getElementById('reason').value.trim(),
      });
      document.getElementById('reason').value = '';
      await show(current.id);
      await load(false);
    } catch (e) {
      error.textContent = '操作失败：' + e.message;
    }
  });
  filter.addEventListener('change', () => load(false));
  more.addEventListener('click', () => load(true));
  await load(false);
}

async function financePage() {
  await requireLogin();
  const error = document.getElementById('batch-error');
  async function refresh() {
    const data = await api('GET', '/batches');
    const body = document.getElementById('batches');
    body.replaceChildren();
    for (const b of data.items) {
      const tr = el('tr');
      tr.append(el('td', String(b.id)), el('td', b.status), el('td', String(b.count), 'num'),
        el('td', fenToYuan(b.total_fen), 'num'), el('td', b.created_by));
      const actions = el('td');
      if (b.status === 'draft') {
        const release = el('button', '复核放行 Release');
        release.addEventListener('click', async () => {
          try { await api('POST', '/batches/' + b.id + '/release'); await refresh(); } catch (e) { error.textContent = e.message; }
        });
        actions.append(release);
      } else {
        const a = el('a', '下载代发文件 CSV');
        a.href = '/api/v1/batches/' + b.id + '/export?format=csv';
        a.setAttribute('download', '');
        actions.append(a);
      }
      tr.append(actions);
      body.append(tr);
    }
  }
  document.getElementById('create-batch').addEventListener('click', async () => {
    error.textContent = '';
    try { await api('POST', '/batches'); await refresh(); } catch (e) { error.textContent = e.message; }
  });
  await refresh();
}

const pages = { login: loginPage, member: memberPage, officer: officerPage, finance: financePage };
document.addEventListener('DOMContentLoaded', () => {
  const page = pages[document.body.dataset.page];
  if (page) page().catch((e) => console.error(e));
});
