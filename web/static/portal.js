// Huzhu portal: the few things that need script. Everything works without it; this adds the
// live payout preview on the claim form. No inline script anywhere (CSP script-src 'self').
'use strict';

// "1234.5" → 123450 (fen) without floating point; null when it is not an amount.
function toFen(text) {
  const t = (text || '').trim();
  if (t === '') return 0;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number(((m[2] || '') + '00').slice(0, 2));
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf"]');
  return meta ? meta.content : '';
}

function setupPreview(form) {
  const box = document.getElementById('preview');
  const out = document.getElementById('preview-text');
  if (!box || !out) return;
  let timer = null;
  let seq = 0;
  const value = (name) => { const el = form.elements[name]; return el ? el.value : ''; };
  async function update() {
    const body = {
      plan_code: value('plan_code'), hospital: value('hospital'), diagnosis: value('diagnosis'),
      admission: value('admission'), discharge: value('discharge'),
      hospital_level: value('hospital_level'),
      local_hospital: form.elements.local_hospital ? form.elements.local_hospital.checked : true,
    };
    if (form.elements.member_no) body.member_no = value('member_no');
    const money = { total: 'total_fen', fund_paid: 'fund_paid_fen',
      critical_insurance: 'critical_insurance_fen', assistance: 'assistance_fen',
      other_paid: 'other_paid_fen', out_of_scope: 'out_of_scope_fen' };
    for (const [field, key] of Object.entries(money)) {
      const fen = toFen(value(field));
      if (fen === null) { out.textContent = box.dataset.labelError; return; }
      body[key] = fen;
    }
    if (!body.admission || !body.discharge || !body.total_fen || !body.plan_code) return;
    const mine = ++seq;
    try {
      const resp = await fetch('/api/v1/claims/preview', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify(body),
      });
      const json = await resp.json();
      if (mine !== seq) return;
      if (!resp.ok) { out.textContent = box.dataset.labelError + ': ' + json.error.message; return; }
      const lang = document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';
      const fen = json.payout_fen;  // an integer: formatted without floating point
      const yuan = Math.floor(fen / 100) + '.' + String(fen % 100).padStart(2, '0');
      out.textContent = '';
      const strong = document.createElement('strong');
      strong.textContent = box.dataset.labelPayout + ' ' + yuan;
      const p = document.createElement('p');
      p.textContent = json.explanation ? json.explanation[lang] : '';
      out.append(strong, p);
    } catch (e) {
      out.textContent = box.dataset.labelError;
    }
  }
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(update, 300); });
  form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(update, 100); });
}

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('claim-form');
  if (form) setupPreview(form);
});
