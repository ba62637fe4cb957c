#!/usr/bin/env node
// gen_persons.mjs - deterministic synthetic persons for the import benchmark.
//
// Writes the same N persons twice:
//   --ours FILE  the columns `minzheng import persons` reads
//                (id_number,name,division_code,address,phone,hukou,
//                 disability_kind,disability_grade,flags);
//   --peer FILE  every column of the persons table, in table order, with the
//                values our import would store (sex and birth date derived
//                from the ID number, ids from --first-id on, version 1,
//                created_at = updated_at = --now), for sqlite3's .import.
// ID numbers are valid GB 11643 numbers (ISO 7064 MOD 11-2 check character),
// unique, and never one listed in --exclude (numbers already in the target
// database). The address code of each number is the district of the
// person's community, the birth date lies in 1930-2020. Division codes come
// from --communities (one existing community code per line).
//
// usage: node gen_persons.mjs --n N --communities FILE --ours FILE --peer FILE
//        [--exclude FILE] [--first-id K] [--now UNIX] [--seed S]
import fs from 'node:fs';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const n = Number(args.n ?? 1000000);
const firstId = Number(args['first-id'] ?? 1);
const now = Number(args.now ?? Math.floor(Date.now() / 1000));
if (!Number.isInteger(n) || n < 1 || !args.communities || !args.ours || !args.peer) {
  process.stderr.write('usage: gen_persons.mjs --n N --communities FILE --ours FILE --peer FILE' +
    ' [--exclude FILE] [--first-id K] [--now UNIX] [--seed S]\n');
  process.exit(2);
}

// mulberry32: small, fast, and the same sequence on every machine.
let state = (Number(args.seed ?? 1) * 0x9e3779b1) >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const communities = fs.readFileSync(args.communities, 'utf8').split('\n').filter((l) => /^\d{12}$/.test(l));
if (!communities.length) throw new Error('no community codes in ' + args.communities);
// A V8 Set holds at most 2^24 (16.7 M) entries and a string at most ~512 M
// characters, and --exclude lists a whole registry (20 M numbers at city
// size): so the set is split by the last digit of the 17 and the file is
// read in pieces.
const shards = Array.from({ length: 10 }, () => new Set());
const seen = {
  has: (k) => shards[k.charCodeAt(16) - 48].has(k),
  add: (k) => shards[k.charCodeAt(16) - 48].add(k),
};
if (args.exclude) {
  const fd = fs.openSync(args.exclude, 'r'), buf = Buffer.alloc(1 << 24);
  let rest = '', got;
  while ((got = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
    const lines = (rest + buf.toString('latin1', 0, got)).split('\n');
    rest = lines.pop();
    for (const l of lines) if (l.length >= 17) seen.add(l.slice(0, 17));
  }
  if (rest.length >= 17) seen.add(rest.slice(0, 17));
  fs.closeSync(fd);
}

// GB 11643-1999 §5.1.4: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 -> X.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function checkChar(first17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * W[i];
  const c = (12 - (s % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡',
  '郭', '何', '林', '罗', '高', '梁', '郑', '谢', '宋', '唐', '许', '邓', '冯', '韩', '曹', '曾', '彭',
  '萧', '蔡', '潘', '田', '董', '袁', '于', '余', '叶', '蒋', '杜', '苏', '魏', '程', '吕', '丁', '沈',
  '任', '姚', '卢', '钟', '姜', '崔', '谭', '陆', '范', '汪', '廖', '石', '金', '韦', '贾', '夏', '付',
  '方', '邹', '熊', '白', '孟', '秦', '邱', '侯', '江', '尹', '薛', '闫', '段', '雷', '龙', '黎', '史',
  '陶', '贺', '毛', '郝', '顾', '龚', '邵', '万', '覃', '武', '钱', '戴', '严', '欧阳', '司徒', '区'];
const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛',
  '明', '超', '秀', '霞', '平', '刚', '桂', '英', '华', '玉', '兰', '志', '建', '国', '文', '辉', '红',
  '海', '燕', '萍', '佳', '嘉', '欣', '怡', '子', '浩', '宇', '轩', '梓', '俊', '晓', '婷', '雪', '琳',
  '锦', '荣', '坚', '鸿', '耀', '家', '铭', '颖', '思', '雅', '倩', '晴', '泽', '瑞', '凯', '斌', '健'];
const roads = ['中山路', '解放路', '东风路', '环市路', '江南大道', '工业大道', '天河路', '黄埔大道',
  '广州大道', '沙河路', '宝岗大道', '昌岗路', '新港路', '人民路', '越秀路', '番禺大道', '迎宾路',
  '增城大道', '花都大道', '龙溪大道'];
const kinds = ['physical', 'visual', 'hearing', 'speech', 'intellectual', 'psychiatric', 'multiple'];
const flagsList = ['living_alone', 'full_time_student', 'veteran'];

const ours = fs.openSync(args.ours, 'w');
const peer = fs.openSync(args.peer, 'w');
fs.writeSync(ours, 'id_number,name,division_code,address,phone,hukou,disability_kind,disability_grade,flags\n');
fs.writeSync(peer, 'id,id_number,name,sex,birth_date,division_code,address,phone,hukou,' +
  'disability_kind,disability_grade,flags,death_date,version,created_at,updated_at,marital_status\n');
const two = (v) => (v < 10 ? '0' : '') + v;
const dayMs = 86400000;
const firstDay = Date.UTC(1930, 0, 1) / dayMs, lastDay = Date.UTC(2020, 11, 31) / dayMs;
let bo = [], bp = [];
for (let i = 0; i < n; i++) {
  const div = pick(communities);
  let number, birth;
  for (;;) {
    const d = new Date(int(firstDay, lastDay) * dayMs);
    birth = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
    const seq = String(int(0, 999)).padStart(3, '0');
    const first17 = div.slice(0, 6) + birth.replaceAll('-', '') + seq;
    if (seen.has(first17)) continue;
    seen.add(first17);
    number = first17 + checkChar(first17);
    break;
  }
  const sex = (number.charCodeAt(16) - 48) % 2 ? 'M' : 'F';
  const name = pick(surnames) + pick(given) + (rand() < 0.7 ? pick(given) : '');
  const address = `${pick(roads)}${int(1, 999)}号${int(1, 30)}${two(int(1, 8))}房`;
  const phone = '1' + pick(['3', '5', '7', '8', '9']) + String(int(0, 999999999)).padStart(9, '0');
  const hukou = rand() < 0.8 ? 'urban' : 'rural';
  const disabled = rand() < 0.06;
  const kind = disabled ? pick(kinds) : '';
  const grade = disabled ? int(1, 4) : 0;
  const flags = rand() < 0.05 ? pick(flagsList) : '';
  bo.push(`${number},${name},${div},${address},${phone},${hukou},${kind},${grade},${flags}\n`);
  bp.push(`${firstId + i},${number},${name},${sex},${birth},${div},${address},${phone},${hukou},` +
    `${kind},${grade},${flags},,1,${now},${now},unknown\n`);
  if (bo.length === 20000 || i === n - 1) {
    fs.writeSync(ours, bo.join(''));
    fs.writeSync(peer, bp.join(''));
    bo = [];
    bp = [];
  }
}
fs.closeSync(ours);
fs.closeSync(peer);
