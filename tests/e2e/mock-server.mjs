// Development mock of the Wangge HTTP API (see the brief in web/README.md).
// In-memory data, shaped like the C++ server's demo: 广东省 → 珠海市 → 金湾区
// (no boundaries) → town 平沙镇 with 3 communities of rectangle grids (one
// complete, one with a gap, one with an overlap and a part outside), units,
// the demo accounts, sessions by cookie or Bearer token, an audit log; it
// also serves web/dist with SPA fallback like the C++ server does.
//
//   node mock-server.mjs            # port 18099 (PORT=... to change)
//   WANGGE_ADMIN_PASSWORD=...       # admin's password (default Admin@2026!)
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const R = 6371008.8
const rad = (d) => (d * Math.PI) / 180

function rect(w, s, e, n) {
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }
}
function rectArea([w, s, e, n]) {
  return Math.abs(R * R * rad(e - w) * (Math.sin(rad(n)) - Math.sin(rad(s))))
}

function buildData() {
  const regions = new Map()
  const add = (code, name, level, parent, box) => {
    regions.set(code, { code, name, level, parent_code: parent, box, geometry: box ? rect(...box) : null })
  }
  add('44', '广东省', 'province', null, null)
  add('4404', '珠海市', 'city', '44', null)
  add('440404', '金湾区', 'county', '4404', null)
  add('440404104', '平沙镇', 'town', '440404', [113.15, 22.05, 113.27, 22.13])
  const comms = [
    ['001', '立新社区居民委员会', 113.15],
    ['002', '平塘社区居民委员会', 113.19],
    ['003', '升平社区居民委员会', 113.23],
  ]
  const coverage = {}
  for (const [suffix, name, w] of comms) {
    const cc = '440404104' + suffix
    const e = +(w + 0.04).toFixed(3)
    add(cc, name, 'community', '440404104', [w, 22.05, e, 22.13])
    const mid = +(w + 0.02).toFixed(3)
    let boxes = [
      [w, 22.09, mid, 22.13],
      [mid, 22.09, e, 22.13],
      [w, 22.05, mid, 22.09],
      [mid, 22.05, e, 22.09],
    ]
    const cov = { gaps: [], overlaps: [], outside: [] }
    const short = name.replace('社区居民委员会', '')
    const g = (i) => cc + String(i + 1).padStart(3, '0')
    if (suffix === '002') {
      boxes[3] = [mid, 22.05, e - 0.005, 22.09]
      cov.gaps.push({ box: [e - 0.005, 22.05, e, 22.09] })
    }
    if (suffix === '003') {
      boxes[0] = [w, 22.09, mid + 0.005, 22.13]
      cov.overlaps.push({ codes: [g(0), g(1)], box: [mid, 22.09, mid + 0.005, 22.13] })
      boxes[3] = [mid, 22.05, e + 0.005, 22.09]
      cov.outside.push({ codes: [g(3)], box: [e, 22.05, e + 0.005, 22.09] })
    }
    boxes.forEach((b, i) => {
      const gc = g(i)
      add(gc, `${short}第${'一二三四'[i]}网格`, 'grid', cc, b)
      for (let u = 0; u < 2; u++) {
        const [bw, bs, be, bn] = b
        const uw = bw + 0.003 + u * 0.008
        add(gc + String(u + 1).padStart(3, '0'), `${short}${i + 1}网格${u + 1}号单元`, 'unit', gc, [uw, bs + 0.004, uw + 0.006, bs + 0.01])
      }
    })
    coverage[cc] = cov
  }
  return { regions, coverage }
}

const ROLES = [
  ['admin', '系统管理员', 'Administrator'],
  ['leader', '领导', 'Leader'],
  ['dispatcher', '调度员', 'Dispatcher'],
  ['handler', '处置人员', 'Handler'],
  ['grid_chief', '网格长', 'Grid chief'],
  ['grid_worker', '网格员', 'Grid worker'],
  ['mediator', '调解员', 'Mediator'],
  ['volunteer', '志愿者', 'Volunteer'],
  ['shop_clerk', '积分超市管理员', 'Rewards shop clerk'],
  ['resident', '居民', 'Resident'],
]
const ADMIN_PERMS = [
  'accounts:grant:write',
  'accounts:user:read',
  'accounts:user:write',
  'audit:log:read',
  'system:metrics:read',
  'system:jobs:run',
  'assessment:scheme:read',
  'assessment:scheme:write',
  'assessment:result:read',
  'assessment:result:write',
  'assessment:card:read',
  'territory:coverage:read',
  'territory:region:read',
  'territory:region:write',
]
const rolePerms = (r) => (r === 'admin' ? ADMIN_PERMS : ['territory:region:read'])

function problem(status, code, zh, en, field) {
  const e = new Error(en)
  e.problem = {
    type: 'https://wangge.invalid/problems/' + code,
    title: en,
    status,
    code,
    detail: en,
    message_zh: zh,
    message_en: en,
    ...(field ? { field } : {}),
  }
  return e
}

function strongEnough(pw) {
  if (typeof pw !== 'string' || pw.length < 8) return false
  let n = 0
  for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) if (re.test(pw)) n++
  return n >= 3
}

function hashPw(pw) {
  return crypto.createHash('sha256').update('wangge:' + pw).digest('hex')
}

export function createMock({ adminPassword = process.env.WANGGE_ADMIN_PASSWORD || 'Admin@2026!', dist } = {}) {
  const distDir = dist || process.env.WANGGE_DIST || path.resolve(here, '../../web/dist')
  const { regions, coverage } = buildData()
  const users = []
  let nextUserId = 1
  let nextGrantId = 1
  const sessions = new Map()
  const audit = []
  let nextAuditId = 1

  const mkUser = (username, display_name, password, grants) => {
    const u = {
      id: nextUserId++,
      username,
      display_name,
      pw: hashPw(password),
      disabled: false,
      locked_until: null,
      created_at: new Date().toISOString(),
      grants: grants.map(([role, region_code]) => ({ id: nextGrantId++, role, region_code })),
    }
    users.push(u)
    return u
  }
  const demo = 'Wangge@2026'
  // region_code null: everywhere (the tree's roots are then the top-level regions)
  mkUser('admin', '系统管理员', adminPassword, [['admin', null]])
  mkUser('leader', '镇领导', demo, [['leader', '440404104']])
  mkUser('dispatcher', '调度员', demo, [['dispatcher', '440404104']])
  mkUser('handler', '处置员', demo, [['handler', '440404104']])
  mkUser('gridchief', '立新网格长', demo, [['grid_chief', '440404104001']])
  mkUser('gridworker', '立新网格员', demo, [['grid_worker', '440404104001001']])
  mkUser('mediator', '调解员', demo, [['mediator', '440404104']])
  mkUser('volunteer', '志愿者', demo, [['volunteer', '440404104001']])
  mkUser('resident', '居民', demo, [['resident', '440404104001001']])

  const grantOut = (g) => ({ ...g, region_name: g.region_code == null ? '全部 / All' : regions.get(g.region_code)?.name || '' })
  const userOut = (u) => ({
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    disabled: u.disabled,
    locked_until: u.locked_until,
    created_at: u.created_at,
    grants: u.grants.map(grantOut),
  })
  const me = (u) => {
    const perms = new Set()
    for (const g of u.grants) for (const p of rolePerms(g.role)) perms.add(p)
    return { ...userOut(u), permissions: [...perms].sort() }
  }
  const children = (code) => [...regions.values()].filter((r) => r.parent_code === code)
  const regionOut = (r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parent_code: r.parent_code,
    child_count: children(r.code).length,
    has_geometry: !!r.geometry,
  })
  const pathOf = (r) => {
    const out = []
    for (let x = r; x; x = x.parent_code ? regions.get(x.parent_code) : null) out.unshift({ code: x.code, name: x.name, level: x.level })
    return out
  }
  const scopeRoots = (u) => {
    if (u.grants.some((g) => g.region_code == null)) return [...regions.values()].filter((r) => !r.parent_code).map((r) => r.code)
    const codes = [...new Set(u.grants.map((g) => g.region_code))].filter((c) => regions.has(c))
    return codes.filter((c) => !codes.some((o) => o !== c && pathOf(regions.get(c)).some((p) => p.code === o)))
  }
  const visible = (u, code) => {
    const r = regions.get(code)
    if (!r) return false
    const roots = scopeRoots(u)
    return pathOf(r).some((p) => roots.includes(p.code))
  }
  const can = (u, perm) => me(u).permissions.includes(perm)

  function log(req, actor, action, target, outcome = 'ok', detail = {}) {
    audit.unshift({
      id: nextAuditId++,
      at: new Date().toISOString(),
      actor: actor ? actor.username : '',
      actor_id: actor ? actor.id : null,
      action,
      target: target || '',
      ip: (req.socket.remoteAddress || '').replace(/^::ffff:/, ''),
      outcome,
      detail,
    })
  }

  function page(list, query, def = 50) {
    const limit = Math.max(1, Math.min(500, parseInt(query.get('limit') || def, 10) || def))
    const off = parseInt(query.get('cursor') || '0', 10) || 0
    const items = list.slice(off, off + limit)
    return { items, next_cursor: off + limit < list.length ? String(off + limit) : null }
  }

  function auth(req) {
    let token = null
    const h = req.headers.authorization || ''
    if (h.startsWith('Bearer ')) token = h.slice(7)
    if (!token) {
      const m = /(?:^|;\s*)wangge_session=([^;]+)/.exec(req.headers.cookie || '')
      if (m) token = decodeURIComponent(m[1])
    }
    const s = token && sessions.get(token)
    if (!s || s.expires < Date.now()) throw problem(401, 'unauthenticated', '请先登录', 'Please log in')
    const u = users.find((x) => x.id === s.userId)
    if (!u || u.disabled) throw problem(401, 'unauthenticated', '请先登录', 'Please log in')
    return { user: u, token }
  }
  const need = (u, perm) => {
    if (!can(u, perm)) throw problem(403, 'forbidden', '没有权限执行此操作', 'You are not allowed to do this')
  }
  const region = (u, code) => {
    if (!regions.has(code) || !visible(u, code)) throw problem(404, 'region_not_found', '区域不存在', 'No such region')
    return regions.get(code)
  }

  async function api(req, res, url) {
    const p = url.pathname.slice('/api/v1'.length)
    const m = req.method
    const q = url.searchParams
    let body = {}
    if (m === 'POST' || m === 'PATCH') {
      const raw = await new Promise((ok) => {
        let d = ''
        req.on('data', (c) => (d += c))
        req.on('end', () => ok(d))
      })
      if (raw) {
        try {
          body = JSON.parse(raw)
        } catch {
          throw problem(400, 'bad_json', '请求体不是有效的 JSON', 'The body is not valid JSON')
        }
      }
    }
    const send = (status, obj, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
      res.end(obj === undefined ? '' : JSON.stringify(obj))
    }
    let mm
    if (m === 'POST' && p === '/auth/login') {
      const u = users.find((x) => x.username === body.username)
      if (!u || u.pw !== hashPw(body.password || '')) {
        log(req, u || { username: String(body.username || ''), id: null }, 'accounts:session:login', String(body.username || ''), 'failed')
        throw problem(401, 'invalid_credentials', '用户名或密码错误', 'Wrong username or password')
      }
      if (u.disabled) throw problem(403, 'account_disabled', '账号已停用', 'This account is disabled')
      const token = crypto.randomBytes(24).toString('hex')
      const expires = Date.now() + 12 * 3600 * 1000
      sessions.set(token, { userId: u.id, expires })
      log(req, u, 'accounts:session:login', u.username)
      return send(200, { token, expires_at: new Date(expires).toISOString(), user: me(u) }, {
        'Set-Cookie': `wangge_session=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200`,
      })
    }
    if (m === 'GET' && p === '/meta') return send(200, { version: 'mock-0.1', tile_url: process.env.MOCK_TILE_URL || '', map_center: [22.09, 113.21] })

    const { user, token } = auth(req)
    if (m === 'POST' && p === '/auth/logout') {
      sessions.delete(token)
      log(req, user, 'accounts:session:logout', 'session')
      return send(204, undefined, { 'Set-Cookie': 'wangge_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0' })
    }
    if (m === 'GET' && p === '/auth/me') return send(200, me(user))
    // the mock keeps no queues: nothing waits on its 工作台
    if (m === 'GET' && p === '/my/work') return send(200, { items: [], cap: 99, unread: [], figures: null })
    if (m === 'POST' && p === '/auth/password') {
      if (user.pw !== hashPw(body.old_password || ''))
        throw problem(422, 'wrong_password', '原密码不正确', 'The current password is wrong', 'old_password')
      if (!strongEnough(body.new_password))
        throw problem(422, 'weak_password', '密码强度不足：至少 8 位且包含 3 类字符', 'Password too weak: 8+ characters with 3 classes', 'new_password')
      user.pw = hashPw(body.new_password)
      log(req, user, 'accounts:user:password', 'user:' + user.id)
      return send(204)
    }
    if (m === 'GET' && p === '/regions') {
      return send(200, { items: scopeRoots(user).map((c) => regionOut(regions.get(c))) })
    }
    if (m === 'POST' && p === '/regions') {
      need(user, 'territory:region:write')
      const parent = region(user, body.parent_code)
      if (!body.name) throw problem(422, 'invalid', '名称不能为空', 'Name is required', 'name')
      if (!/^\d+$/.test(body.code || '') || !body.code.startsWith(parent.code) || body.code === parent.code)
        throw problem(422, 'invalid_code', '编码必须以上级编码开头', 'The code must start with the parent code', 'code')
      if (regions.has(body.code)) throw problem(409, 'region_exists', '编码已存在', 'This code already exists', 'code')
      regions.set(body.code, { code: body.code, name: body.name, level: body.level, parent_code: parent.code, geometry: body.geometry || null })
      log(req, user, 'territory:region:create', body.code)
      return send(201, regionOut(regions.get(body.code)))
    }
    if (m === 'GET' && p === '/roles')
      return send(200, { items: ROLES.map(([role, name_zh, name_en]) => ({ role, name_zh, name_en, permissions: rolePerms(role) })) })
    if (m === 'GET' && p === '/locate') {
      const lat = Number(q.get('lat'))
      const lng = Number(q.get('lng'))
      if (!isFinite(lat) || !isFinite(lng)) throw problem(422, 'invalid', '坐标无效', 'Invalid coordinates', 'lat')
      const g = [...regions.values()].find(
        (r) => r.level === 'grid' && r.box && lng >= r.box[0] && lng <= r.box[2] && lat >= r.box[1] && lat <= r.box[3] && visible(user, r.code),
      )
      if (!g) throw problem(404, 'not_located', '该坐标不在任何网格内', 'This point is not in any grid')
      return send(200, { grid: regionOut(g), path: pathOf(g) })
    }
    if ((mm = /^\/regions\/([^/]+)(\/[a-z]+)?$/.exec(p))) {
      const code = decodeURIComponent(mm[1])
      const sub = mm[2] || ''
      const r = region(user, code)
      if (m === 'GET' && sub === '') return send(200, { ...regionOut(r), path: pathOf(r), geometry: r.geometry })
      if (m === 'GET' && sub === '/children') return send(200, page(children(code).map(regionOut), q, 100))
      if (m === 'GET' && sub === '/geojson')
        return send(200, {
          type: 'FeatureCollection',
          features: children(code)
            .filter((c) => c.geometry)
            .map((c) => ({ type: 'Feature', properties: { code: c.code, name: c.name, level: c.level }, geometry: c.geometry })),
        })
      if (m === 'GET' && sub === '/coverage') {
        if (r.level !== 'community') throw problem(422, 'not_community', '只有社区可以做覆盖检查', 'Only a community can be checked', 'code')
        const cov = coverage[code] || { gaps: [], overlaps: [], outside: [] }
        const area = rectArea(r.box)
        const piece = (x) => ({ ...(x.codes ? { codes: x.codes } : {}), area_m2: rectArea(x.box), geometry: rect(...x.box) })
        const gaps = cov.gaps.map(piece)
        return send(200, {
          code,
          area_m2: area,
          covered_m2: area - gaps.reduce((s, x) => s + x.area_m2, 0),
          complete: !cov.gaps.length && !cov.overlaps.length && !cov.outside.length,
          gaps,
          overlaps: cov.overlaps.map(piece),
          outside: cov.outside.map(piece),
        })
      }
      if (m === 'PATCH' && sub === '') {
        need(user, 'territory:region:write')
        if (body.name !== undefined) {
          if (!String(body.name).trim()) throw problem(422, 'invalid', '名称不能为空', 'Name is required', 'name')
          r.name = String(body.name).trim()
        }
        if (body.geometry !== undefined) r.geometry = body.geometry
        log(req, user, 'territory:region:update', code)
        return send(200, regionOut(r))
      }
      if (m === 'POST' && sub === '/move') {
        need(user, 'territory:region:write')
        region(user, body.parent_code)
        r.parent_code = body.parent_code
        log(req, user, 'territory:region:move', code)
        return send(200, regionOut(r))
      }
      if (m === 'DELETE' && sub === '') {
        need(user, 'territory:region:write')
        if (children(code).length)
          throw problem(409, 'region_in_use', '该区域下还有下级区域或业务数据，不能删除', 'This region still has sub-regions or records', 'code')
        regions.delete(code)
        log(req, user, 'territory:region:delete', code)
        return send(204)
      }
    }
    if (m === 'GET' && p === '/users') {
      need(user, 'accounts:user:read')
      const s = (q.get('q') || '').toLowerCase()
      const list = users.filter((u) => !s || u.username.toLowerCase().includes(s) || u.display_name.toLowerCase().includes(s))
      const pg = page(list, q)
      return send(200, { ...pg, items: pg.items.map(userOut) })
    }
    if (m === 'POST' && p === '/users') {
      need(user, 'accounts:user:write')
      if (!/^[A-Za-z0-9_.-]{2,32}$/.test(body.username || ''))
        throw problem(422, 'invalid_username', '用户名只能包含字母、数字、下划线、点和短横线', 'Username: letters, digits, _ . - only', 'username')
      if (users.some((u) => u.username === body.username))
        throw problem(409, 'username_taken', '用户名已存在', 'This username is taken', 'username')
      if (!body.display_name) throw problem(422, 'invalid', '姓名不能为空', 'Display name is required', 'display_name')
      if (!strongEnough(body.password))
        throw problem(422, 'weak_password', '密码强度不足：至少 8 位且包含 3 类字符', 'Password too weak: 8+ characters with 3 classes', 'password')
      const u = mkUser(body.username, body.display_name, body.password, [])
      log(req, user, 'accounts:user:create', 'user:' + u.id, 'ok', { username: u.username })
      return send(201, userOut(u))
    }
    if ((mm = /^\/users\/(\d+)(\/password|\/sessions|\/grants(?:\/(\d+))?)?$/.exec(p))) {
      need(user, 'accounts:user:write')
      const u = users.find((x) => x.id === Number(mm[1]))
      if (!u) throw problem(404, 'user_not_found', '用户不存在', 'No such user')
      const sub = mm[2] || ''
      if (m === 'PATCH' && sub === '') {
        if (body.display_name !== undefined) u.display_name = String(body.display_name)
        if (body.disabled !== undefined) {
          u.disabled = !!body.disabled
          if (u.disabled) for (const [k, s] of sessions) if (s.userId === u.id) sessions.delete(k)
        }
        log(req, user, 'accounts:user:update', 'user:' + u.id, 'ok', body)
        return send(200, userOut(u))
      }
      if (m === 'POST' && sub === '/password') {
        if (!strongEnough(body.password))
          throw problem(422, 'weak_password', '密码强度不足：至少 8 位且包含 3 类字符', 'Password too weak: 8+ characters with 3 classes', 'password')
        u.pw = hashPw(body.password)
        log(req, user, 'accounts:user:reset_password', 'user:' + u.id)
        return send(204)
      }
      if (m === 'DELETE' && sub === '/sessions') {
        let revoked = 0
        for (const [k, s] of sessions) if (s.userId === u.id) sessions.delete(k), revoked++
        log(req, user, 'accounts:session:revoke', 'user:' + u.id, 'ok', { username: u.username, sessions: revoked })
        return send(200, { revoked })
      }
      if (m === 'POST' && sub === '/grants') {
        if (!ROLES.some(([r]) => r === body.role)) throw problem(422, 'invalid_role', '角色不存在', 'No such role', 'role')
        if (!regions.has(body.region_code))
          throw problem(422, 'region_not_found', '区域不存在', 'No such region', 'region_code')
        const g = { id: nextGrantId++, role: body.role, region_code: body.region_code }
        u.grants.push(g)
        log(req, user, 'accounts:grant:create', 'user:' + u.id, 'ok', { role: g.role, region: g.region_code })
        return send(201, grantOut(g))
      }
      if (m === 'DELETE' && mm[3]) {
        const i = u.grants.findIndex((g) => g.id === Number(mm[3]))
        if (i < 0) throw problem(404, 'grant_not_found', '授权不存在', 'No such grant')
        const [g] = u.grants.splice(i, 1)
        log(req, user, 'accounts:grant:delete', 'user:' + u.id, 'ok', { role: g.role, region: g.region_code })
        return send(204)
      }
    }
    if (m === 'GET' && p === '/audit') {
      need(user, 'audit:log:read')
      const actor = q.get('actor')
      const action = q.get('action')
      const from = q.get('from') ? Date.parse(q.get('from')) : -Infinity
      const to = q.get('to') ? Date.parse(q.get('to')) : Infinity
      const list = audit.filter(
        (a) => (!actor || a.actor === actor) && (!action || a.action.startsWith(action)) && Date.parse(a.at) >= from && Date.parse(a.at) <= to,
      )
      return send(200, page(list, q))
    }
    throw problem(404, 'not_found', '接口不存在', 'No such endpoint')
  }

  const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.json': 'application/json',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.ttf': 'font/ttf',
    '.ico': 'image/x-icon',
  }
  function serveStatic(req, res, url) {
    let rel = decodeURIComponent(url.pathname)
    let file = path.join(distDir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''))
    if (!file.startsWith(distDir)) file = path.join(distDir, 'index.html')
    let st = null
    try {
      st = fs.statSync(file)
    } catch {}
    if (!st || !st.isFile()) {
      file = path.join(distDir, 'index.html')
      try {
        st = fs.statSync(file)
      } catch {
        res.writeHead(503, { 'Content-Type': 'text/plain' })
        return res.end('web/dist is missing: run npm run build in web/\n')
      }
    }
    const ext = path.extname(file)
    const immutable = file.includes(`${path.sep}assets${path.sep}`)
    res.writeHead(200, {
      'Content-Type': TYPES[ext] || 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
    if (req.method === 'HEAD') return res.end()
    fs.createReadStream(file).pipe(res)
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x')
    try {
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        return res.end('{"status":"ok"}')
      }
      if (url.pathname.startsWith('/api/')) {
        if (!url.pathname.startsWith('/api/v1/')) throw problem(404, 'not_found', '接口不存在', 'No such endpoint')
        return await api(req, res, url)
      }
      return serveStatic(req, res, url)
    } catch (e) {
      const pb = e.problem || {
        type: 'about:blank',
        title: 'Internal error',
        status: 500,
        code: 'internal',
        detail: String(e && e.message),
        message_zh: '服务器内部错误',
        message_en: 'Internal server error',
      }
      if (!e.problem) console.error(e)
      if (!res.headersSent) res.writeHead(pb.status, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify(pb))
    }
  })
  return server
}

export function startMock(port = 0, opts = {}) {
  const server = createMock(opts)
  return new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => ok(server))
  })
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT || 18099)
  const server = await startMock(port)
  console.log(`wangge mock API on http://127.0.0.1:${server.address().port}`)
}
