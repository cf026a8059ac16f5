// Importing persons from CSV (UTF-8 or GBK as Chinese Excel saves it):
//   1. the handler reads the file in the declared or detected encoding, checks the header
//      and keeps the file (as UTF-8) under the data dir: a file that cannot be read is
//      refused at once with 422 and nothing kept;
//   2. the worker checks every row (ID number with its check digit, phone, dates, the
//      place and the importer's scope, duplicates within the file) and counts what would
//      be inserted, updated and left unchanged. Any row error rejects the whole file, with
//      a row-by-row report (line, column, message in both languages): nothing is applied;
//   3. unless it was a dry run, the worker applies the rows in chunks of its own
//      transactions (other writes interleave, reads never wait): each row an upsert by
//      ID number, its household found or created by place, address and room, a move
//      recorded when the household changed, tags added. Re-importing a file changes
//      nothing. A crash mid-way is resumed at the next start from the kept file.
#include "registry/import.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "audit/audit.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "registry/id_number.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry {
namespace {

namespace fs = std::filesystem;

// Columns, by any of their header names (Chinese first, as the ledgers have them).
struct Column {
  const char* key;
  std::vector<std::string> names;
  bool required;
};
const std::vector<Column>& columns() {
  static const std::vector<Column> kColumns = {
      {"name", {"姓名", "name"}, true},
      {"id_number", {"身份证号", "身份证号码", "公民身份号码", "id_number"}, true},
      {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true},
      {"address", {"地址", "住址", "address"}, true},
      {"room", {"房号", "门牌号", "room"}, false},
      {"phone", {"手机", "手机号", "联系电话", "电话", "phone"}, false},
      {"residence_type", {"人口类型", "户籍类型", "居住类型", "residence_type"}, false},
      {"housing_type", {"住房类型", "房屋性质", "housing_type"}, false},
      {"relation", {"与户主关系", "relation"}, false},
      {"tags", {"标签", "tags"}, false},
      {"floating_registered_on", {"居住证登记日期", "floating_registered_on"}, false},
      {"floating_expires_on", {"居住证到期日期", "floating_expires_on"}, false},
      {"note", {"备注", "note"}, false},
  };
  return kColumns;
}

const std::map<std::string, std::string>& synonyms() {
  static const std::map<std::string, std::string> kMap = {
      {"户籍", "registered"},    {"户籍人口", "registered"}, {"常住", "permanent"},
      {"常住人口", "permanent"}, {"流动", "floating"},       {"流动人口", "floating"},
      {"自有", "owned"},         {"自住", "owned"},          {"自有住房", "owned"},
      {"出租", "rented"},        {"出租屋", "rented"},       {"租住", "rented"},
      {"公房", "public"},        {"公租房", "public"},       {"其他", "other"},
      {"户主", "head"},          {"配偶", "spouse"},         {"妻", "spouse"},
      {"夫", "spouse"},          {"子女", "child"},          {"子", "child"},
      {"女", "child"},           {"父母", "parent"},         {"父亲", "parent"},
      {"母亲", "parent"},        {"祖父母", "grandparent"},  {"外祖父母", "grandparent"},
      {"孙子女", "grandchild"},  {"外孙子女", "grandchild"}, {"兄弟姐妹", "sibling"},
      {"租户", "tenant"},        {"租客", "tenant"},
  };
  return kMap;
}

std::string trim(std::string s) {
  auto sp = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && sp(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && sp(static_cast<unsigned char>(s[i]))) ++i;
  // A full-width space (U+3000) around a value is common in hand-typed ledgers.
  s = s.substr(i);
  while (s.size() >= 3 && s.compare(0, 3, "\xE3\x80\x80") == 0) s.erase(0, 3);
  while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) s.erase(s.size() - 3);
  return s;
}

std::string canonical(const std::string& v) {
  auto it = synonyms().find(v);
  return it == synonyms().end() ? v : it->second;
}

template <std::size_t N>
bool listed(const char* const (&allowed)[N], const std::string& v) {
  for (const char* a : allowed) {
    if (v == a) return true;
  }
  return false;
}

struct RowError {
  std::size_t line;
  std::string column, en, zh;
};

// One person row, checked.
struct Row {
  std::size_t line = 0;
  Person person;  // name, gender, birth, sealed id and phone, residence, floating dates, note
  std::string id_plain;
  std::string region_code, region_path, address, room, housing_type, relation;
  std::vector<std::string> tags;
};

using HeaderMap = std::map<std::string, std::size_t>;  // column key -> index

// The header's columns; the missing required ones in `missing`.
HeaderMap map_header(const std::vector<std::string>& header, std::vector<std::string>* missing) {
  HeaderMap m;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = trim(header[i]);
    for (const auto& c : columns()) {
      for (const auto& n : c.names) {
        if (h == n) m[c.key] = i;
      }
    }
  }
  for (const auto& c : columns()) {
    if (c.required && !m.count(c.key)) missing->push_back(c.names[0] + std::string(" (") + c.key + ")");
  }
  return m;
}

struct Checker {
  Service& svc;
  std::vector<std::string> scope;
  std::string today;
  std::map<std::string, std::optional<std::string>> places;  // code -> path (nullopt: unknown)

  // Parses and checks one record; errors appended (a row may have several).
  std::optional<Row> check(const HeaderMap& h, const std::vector<std::string>& f, std::size_t line,
                           std::vector<RowError>& errors) {
    std::size_t before = errors.size();
    auto get = [&](const char* key) -> std::string {
      auto it = h.find(key);
      return it == h.end() || it->second >= f.size() ? std::string() : trim(f[it->second]);
    };
    auto fail = [&](const char* column, std::string en, std::string zh) {
      errors.push_back({line, column, std::move(en), std::move(zh)});
    };
    Row r;
    r.line = line;
    Person& p = r.person;
    p.name = get("name");
    if (p.name.empty() || json::utf8_length(p.name) > 50) fail("name", "1 to 50 characters", "应为 1 至 50 个字符");
    IdProblem problem;
    auto id = parse_id_number(get("id_number"), today, &problem);
    if (!id) {
      fail("id_number", get("id_number").empty() ? "required (rows are matched by ID number)" : problem.en,
           get("id_number").empty() ? "必填（按身份证号码匹配）" : problem.zh);
    } else {
      r.id_plain = id->normalized;
      p.gender = id->gender;
      p.birth_date = id->birth_date;
      p.id_index = svc.crypto().blind_index("id_number", id->normalized);
      p.id_masked = mask_id_number(id->normalized);
    }
    if (std::string typed = get("phone"); !typed.empty()) {
      std::string phone = normalize_phone(typed);
      if (!valid_phone(typed)) {
        fail("phone", "an 11-digit mobile or a landline with area code", "应为 11 位手机号或带区号的固话");
      } else {
        p.phone_sealed = phone;  // sealed when applied
        p.phone_index = svc.crypto().blind_index("phone", phone);
        p.phone_masked = mask_phone(phone);
      }
    }
    std::string rt = get("residence_type");
    p.residence_type = rt.empty() ? "registered" : canonical(rt);
    if (!listed(kResidenceTypes, p.residence_type))
      fail("residence_type", "registered/户籍, permanent/常住 or floating/流动", "应为 户籍、常住 或 流动");
    auto date = [&](const char* key) -> std::optional<std::string> {
      std::string v = get(key);
      if (v.empty()) return std::nullopt;
      std::replace(v.begin(), v.end(), '/', '-');
      try {
        return format_day(parse_day(v));
      } catch (const std::exception&) {
        fail(key, "a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");
        return std::nullopt;
      }
    };
    p.floating_registered_on = date("floating_registered_on");
    p.floating_expires_on = date("floating_expires_on");
    if (p.residence_type != "floating" && (p.floating_registered_on || p.floating_expires_on))
      fail("residence_type", "only floating residents have residence permit dates", "仅流动人口有居住证日期");
    p.note = get("note");
    r.region_code = get("region_code");
    auto it = places.find(r.region_code);
    if (it == places.end()) {
      auto region = svc.territory().find(r.region_code, false);
      std::optional<std::string> path;
      if (region && r.region_code.size() >= 12) path = region->path;
      it = places.emplace(r.region_code, path).first;
    }
    if (!it->second) {
      fail("region_code", "no community, grid or unit " + r.region_code,
           "社区、网格或单元 " + r.region_code + " 不存在");
    } else {
      r.region_path = *it->second;
      bool in_scope = false;
      for (const auto& s : scope) in_scope |= path_within(r.region_path, s);
      if (!in_scope) fail("region_code", "outside your territory", "不在您的管辖范围内");
    }
    r.address = get("address");
    if (r.address.empty() || json::utf8_length(r.address) > 200)
      fail("address", "1 to 200 characters", "应为 1 至 200 个字符");
    r.room = get("room");
    std::string ht = get("housing_type");
    r.housing_type = ht.empty() ? "owned" : canonical(ht);
    if (!listed(kHousingTypes, r.housing_type))
      fail("housing_type", "owned, rented, public or other", "应为 自有、出租、公房 或 其他");
    std::string rel = get("relation");
    r.relation = rel.empty() ? "other" : canonical(rel);
    if (!listed(kRelations, r.relation))
      fail("relation", "a relation to the head (户主, 配偶, 子女, ...)", "应为与户主关系（户主、配偶、子女等）");
    std::string tags = get("tags");
    for (std::size_t pos = 0; pos <= tags.size();) {
      std::size_t end = tags.size();
      for (const char* sep : {";", ",", "|", "；", "，", "、"}) {
        auto k = tags.find(sep, pos);
        if (k != std::string::npos && k < end) end = k;
      }
      std::string t = trim(tags.substr(pos, end - pos));
      if (!t.empty()) {
        const TagKind* kind = find_tag_kind(t);
        for (const auto& k : kTagKinds) {
          if (!kind && k.name_zh == t) kind = &k;
        }
        if (!kind) {
          fail("tags", "unknown tag " + t, "未知标签 " + t);
        } else {
          r.tags.emplace_back(kind->code);
        }
      }
      if (end == tags.size()) break;
      std::size_t sep_len = static_cast<unsigned char>(tags[end]) < 0x80 ? 1 : 3;
      pos = end + sep_len;
    }
    if (errors.size() != before) return std::nullopt;
    return r;
  }
};

// Applies (or, dry, classifies) checked rows, a chunk at a time: a chunk's households and
// counts are kept apart until its transaction commits (the group commit may run a closure
// again), then merged.
struct Applier {
  Service& svc;
  std::optional<std::int64_t> actor_id;
  std::string today;
  std::unordered_map<std::string, std::int64_t> households, pending;  // code|address|room -> id
  std::int64_t next_fake = -1;                                        // dry run: households to create
  std::int64_t inserted = 0, updated = 0, unchanged = 0;
  std::int64_t chunk_inserted = 0, chunk_updated = 0, chunk_unchanged = 0;

  void begin_chunk() {
    pending.clear();
    chunk_inserted = chunk_updated = chunk_unchanged = 0;
  }
  void commit_chunk() {
    households.merge(pending);
    inserted += chunk_inserted;
    updated += chunk_updated;
    unchanged += chunk_unchanged;
    begin_chunk();
  }

  void apply(storage::Tx& tx, const Row& r, bool write) {
    std::int64_t now = storage::now_ms();
    std::string hkey = r.region_code + "|" + r.address + "|" + r.room;
    std::int64_t hid;
    if (auto hit = pending.find(hkey); hit != pending.end()) {
      hid = hit->second;
    } else if (auto known = households.find(hkey); known != households.end()) {
      hid = known->second;
    } else if (auto found = store::household_at(tx, r.region_code, r.address, r.room)) {
      hid = pending[hkey] = *found;
    } else if (write) {
      Household h;
      h.region_code = r.region_code;
      h.region_path = r.region_path;
      h.address = r.address;
      h.room = r.room;
      h.housing_type = r.housing_type;
      h.created_at = h.updated_at = now;
      hid = pending[hkey] = store::insert_household(tx, h);
    } else {
      hid = pending[hkey] = next_fake--;
    }
    auto existing = store::person_by_id_index(tx, *r.person.id_index);
    if (!existing) {
      ++chunk_inserted;
      if (!write) return;
      Person p = r.person;
      p.id_sealed = svc.crypto().seal(r.id_plain);
      if (p.phone_sealed) p.phone_sealed = svc.crypto().seal(*p.phone_sealed);
      p.region_code = r.region_code;
      p.region_path = r.region_path;
      p.household_id = hid;
      p.created_at = p.updated_at = now;
      p.id = store::insert_person(tx, p);
      store::add_membership_later(tx, {0, hid, p.id, r.relation, today, {}, {}}, actor_id, now);
      for (const auto& t : r.tags) store::add_tag_later(tx, {0, p.id, t, today, {}, ""}, actor_id, now);
      return;
    }
    Person p = *existing;
    bool same = p.name == r.person.name && p.phone_index == r.person.phone_index &&
                p.residence_type == r.person.residence_type &&
                p.floating_registered_on == r.person.floating_registered_on &&
                p.floating_expires_on == r.person.floating_expires_on && p.note == r.person.note &&
                p.household_id == std::optional<std::int64_t>(hid);
    std::set<std::string> have;
    if (!r.tags.empty()) {
      for (const auto& t : store::tag_history(tx, p.id)) {
        if (!t.until) have.insert(t.tag);
      }
    }
    std::vector<std::string> add;
    for (const auto& t : r.tags) {
      if (!have.count(t)) add.push_back(t);
    }
    if (same && add.empty()) {
      ++chunk_unchanged;
      return;
    }
    ++chunk_updated;
    if (!write) return;
    for (const auto& t : add) store::insert_tag(tx, {0, p.id, t, today, {}, ""}, actor_id, now);
    if (same) return;
    p.name = r.person.name;
    if (r.person.phone_index != p.phone_index) {
      p.phone_index = r.person.phone_index;
      p.phone_masked = r.person.phone_masked;
      p.phone_sealed = r.person.phone_sealed ? std::optional(svc.crypto().seal(*r.person.phone_sealed)) : std::nullopt;
    }
    p.residence_type = r.person.residence_type;
    p.floating_registered_on = r.person.floating_registered_on;
    p.floating_expires_on = r.person.floating_expires_on;
    p.note = r.person.note;
    if (p.household_id != std::optional<std::int64_t>(hid)) {
      if (auto cur = store::current_membership(tx, p.id)) store::close_membership(tx, cur->id, today, "import");
      store::insert_membership(tx, {0, hid, p.id, r.relation, today, {}, {}}, actor_id, now);
      p.household_id = hid;
      p.region_code = r.region_code;
      p.region_path = r.region_path;
    }
    p.version += 1;
    p.updated_at = now;
    store::update_person(tx, p, p.version - 1);
  }
};

json::object job_json(const store::ImportJob& j, bool with_errors) {
  json::object o{{"id", j.id},
                 {"kind", j.kind},
                 {"status", j.status},
                 {"dry_run", j.dry_run},
                 {"filename", j.filename},
                 {"encoding", j.encoding},
                 {"rows", j.rows_total},
                 {"rows_done", j.rows_done},
                 {"inserted", j.inserted},
                 {"updated", j.updated},
                 {"unchanged", j.unchanged},
                 {"error_count", j.error_count},
                 {"message", j.message},
                 {"created_at", json::rfc3339(j.created_at)},
                 {"finished_at", j.finished_at ? json::value(json::rfc3339(*j.finished_at)) : json::value(nullptr)}};
  if (with_errors) {
    boost::system::error_code ec;
    auto errors = boost::json::parse(j.errors, ec);
    json::array first;
    if (!ec && errors.is_array()) {
      for (const auto& e : errors.as_array()) {
        if (first.size() >= 100) break;
        first.push_back(e);
      }
    }
    o["errors"] = std::move(first);
  }
  return o;
}

}  // namespace

Importer::Importer(Service& svc, std::string dir) : svc_(svc), dir_(std::move(dir)) {
  fs::create_directories(dir_);
  worker_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-import");
    run();
  });
}

Importer::~Importer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void Importer::wake() {
  cv_.notify_all();
}

bool Importer::stopping() {
  std::lock_guard lock(mu_);
  return stop_;
}

void Importer::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    std::optional<std::int64_t> next;
    try {
      svc_.db().read([&](storage::Tx& tx) { next = store::next_import(tx); });
      if (next) process(*next);
    } catch (const std::exception& e) {
      spdlog::warn("import: {}", e.what());
      if (next) {
        try {
          svc_.db().write([&](storage::Tx& tx) { store::finish_import(tx, *next, "failed", e.what()); });
        } catch (...) {
        }
      }
    }
    lock.lock();
    if (!next) cv_.wait_for(lock, std::chrono::seconds(5));
  }
}

void Importer::process(std::int64_t id) {
  store::ImportJob job;
  svc_.db().read([&](storage::Tx& tx) { job = *store::import_job(tx, id); });
  std::string text;
  {
    std::ifstream in(job.file_path, std::ios::binary);
    if (!in) throw std::runtime_error("the import file is gone: " + job.file_path);
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  std::vector<std::string> scope;
  {
    boost::system::error_code ec;
    auto v = boost::json::parse(job.scope, ec);
    if (!ec && v.is_array()) {
      for (const auto& s : v.as_array()) scope.emplace_back(s.as_string());
    }
  }
  std::string today = svc_.today();
  // Pass 1: every row checked, nothing written.
  svc_.db().write([&](storage::Tx& tx) { store::set_import_status(tx, id, "checking"); });
  Checker checker{svc_, scope, today, {}};
  Applier classify{svc_, job.created_by, today};
  std::vector<RowError> errors;
  std::size_t error_total = 0;
  std::int64_t rows = 0;
  std::unordered_map<std::string, std::size_t> seen;  // id index -> line
  {
    csv::Reader reader(text);
    std::vector<std::string> fields;
    std::string err;
    reader.next(fields, &err);
    std::vector<std::string> missing;
    HeaderMap header = map_header(fields, &missing);
    std::vector<Row> chunk;
    auto flush = [&] {
      svc_.db().read([&](storage::Tx& tx) {
        classify.begin_chunk();
        for (const auto& r : chunk) classify.apply(tx, r, false);
      });
      classify.commit_chunk();
      chunk.clear();
    };
    while (reader.next(fields, &err)) {
      ++rows;
      std::vector<RowError> row_errors;
      if (!err.empty()) {
        row_errors.push_back({reader.line(), "", "malformed CSV: " + err, "CSV 格式错误：" + err});
      } else if (auto r = checker.check(header, fields, reader.line(), row_errors)) {
        auto [it, fresh] = seen.emplace(*r->person.id_index, reader.line());
        if (!fresh) {
          row_errors.push_back({reader.line(), "id_number", "the same ID number as line " + std::to_string(it->second),
                                "与第 " + std::to_string(it->second) + " 行身份证号码重复"});
        } else if (error_total == 0 && job.dry_run) {  // a real run counts as it applies
          chunk.push_back(std::move(*r));
          if (chunk.size() >= 5000) flush();
        }
      }
      error_total += row_errors.size();
      for (auto& e : row_errors) {
        if (errors.size() < 10000) errors.push_back(std::move(e));
      }
      if (stopping()) return;  // resumed at the next start
    }
    if (error_total == 0) flush();
  }
  json::array report;
  for (const auto& e : errors)
    report.push_back(json::object{{"line", e.line}, {"column", e.column}, {"message_en", e.en}, {"message_zh", e.zh}});
  svc_.db().write([&](storage::Tx& tx) {
    store::set_import_check(tx, id, rows, static_cast<std::int64_t>(error_total), json::to_text(report),
                            classify.inserted, classify.updated, classify.unchanged);
  });
  if (error_total > 0 || rows == 0) {
    svc_.db().write([&](storage::Tx& tx) {
      store::finish_import(
          tx, id, "rejected",
          rows == 0 ? "the file has no rows" : std::to_string(error_total) + " errors; nothing applied");
    });
    return;
  }
  if (job.dry_run) {
    svc_.db().write([&](storage::Tx& tx) { store::finish_import(tx, id, "checked", "dry run: nothing applied"); });
    return;
  }
  // Pass 2: applied in chunks, each its own transaction.
  svc_.db().write([&](storage::Tx& tx) { store::set_import_status(tx, id, "applying"); });
  Applier applier{svc_, job.created_by, today};
  csv::Reader reader(text);
  std::vector<std::string> fields;
  std::string err;
  reader.next(fields, &err);
  std::vector<std::string> missing;
  HeaderMap header = map_header(fields, &missing);
  std::vector<Row> chunk;
  std::int64_t done = 0;
  auto flush = [&] {
    svc_.db().write([&](storage::Tx& tx) {
      applier.begin_chunk();
      for (const auto& r : chunk) applier.apply(tx, r, true);
      store::set_import_progress(tx, id, done + static_cast<std::int64_t>(chunk.size()),
                                 applier.inserted + applier.chunk_inserted, applier.updated + applier.chunk_updated,
                                 applier.unchanged + applier.chunk_unchanged);
    });
    applier.commit_chunk();
    done += static_cast<std::int64_t>(chunk.size());
    chunk.clear();
  };
  std::vector<RowError> ignored;
  while (reader.next(fields, &err)) {
    if (auto r = checker.check(header, fields, reader.line(), ignored)) chunk.push_back(std::move(*r));
    if (chunk.size() >= 5000) {
      flush();
      if (stopping()) return;  // resumed at the next start (upserts: nothing doubles)
    }
  }
  flush();
  svc_.db().write([&](storage::Tx& tx) {
    store::finish_import(tx, id, "done", "");
    audit::Entry e;
    e.actor_id = job.created_by;
    e.actor = "import:" + std::to_string(id);
    e.action = "registry:import:apply";
    e.target = "import:" + std::to_string(id);
    e.detail = json::to_text(json::object{{"rows", done},
                                          {"inserted", applier.inserted},
                                          {"updated", applier.updated},
                                          {"unchanged", applier.unchanged}});
    audit::append(tx, e);
  });
}

void Service::set_import_dir(const std::string& dir) {
  importer_ = std::make_unique<Importer>(*this, dir);
}

Service::~Service() = default;

void Service::register_import_routes(http::Router& router) {
  router.add("POST", "/api/v1/registry/imports",
             {.summary = "Import persons (and their households) from CSV, UTF-8 or GBK; checked row by row, applied "
                         "in the background unless dry_run",
              .tag = "registry",
              .permission = "registry:person:write",
              .query = {{"kind", "persons"},
                        {"dry_run", "true: check and count only"},
                        {"encoding", "auto (default), utf-8 or gbk"},
                        {"filename", "the file's name, for the record"}},
              .request_body = "the CSV file's bytes",
              .statuses = {202, 403, 413, 422}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               ctx.require_somewhere("registry:person:write");
               if (!importer_) throw Error("internal", "", "imports are not configured", "未配置导入目录");
               std::string kind = req.query_param("kind").value_or("persons");
               if (kind != "persons") throw Error("invalid_query", "kind", "persons", "应为 persons");
               std::string encoding = req.query_param("encoding").value_or("auto");
               if (encoding != "auto" && encoding != "utf-8" && encoding != "gbk")
                 throw Error("invalid_query", "encoding", "auto, utf-8 or gbk", "应为 auto、utf-8 或 gbk");
               auto dry = req.query_param("dry_run");
               bool dry_run = dry && (*dry == "true" || *dry == "1");
               std::string used;
               auto text = text::to_utf8(req.body, encoding, &used);
               if (!text)
                 throw_validation("encoding", "the file is not valid " + used + " text (save it as UTF-8 or GBK CSV)",
                                  "文件不是有效的 " + used + " 文本（请另存为 UTF-8 或 GBK 编码的 CSV）");
               csv::Reader reader(*text);
               std::vector<std::string> header;
               std::string err;
               if (!reader.next(header, &err) || !err.empty())
                 throw_validation("header", "the first line names the columns", "第一行应为列名");
               std::vector<std::string> missing;
               map_header(header, &missing);
               if (!missing.empty()) {
                 std::string list;
                 for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
                 throw_validation("header", "missing columns: " + list, "缺少列：" + list);
               }
               store::ImportJob job;
               job.kind = kind;
               job.dry_run = dry_run;
               job.filename = req.query_param("filename").value_or("").substr(0, 200);
               job.encoding = used;
               job.created_by = ctx.actor_id();
               json::array scope;
               for (const auto& s : ctx.user().scope("registry:person:write")) scope.push_back(json::value(s));
               job.scope = json::to_text(scope);
               job.created_at = storage::now_ms();
               // The file first (fsynced), then the job that points at it.
               std::string path = importer_->dir() + "/" + std::to_string(job.created_at) + "-" +
                                  std::to_string(ctx.actor_id().value_or(0)) + ".csv";
               {
                 std::ofstream out(path, std::ios::binary | std::ios::trunc);
                 out.write(text->data(), static_cast<std::streamsize>(text->size()));
                 out.flush();
                 if (!out) throw Error("internal", "", "could not store the file", "文件保存失败");
               }
               if (FILE* f = std::fopen(path.c_str(), "rb")) {
                 ::fsync(fileno(f));
                 std::fclose(f);
               }
               job.file_path = path;
               db_.write([&](storage::Tx& tx) {
                 job.id = store::insert_import(tx, job);
                 audit::append(tx,
                               audit::entry(ctx, "registry:import:create", "import:" + std::to_string(job.id),
                                            {{"dry_run", dry_run}, {"encoding", used}, {"bytes", req.body.size()}}));
               });
               job.status = "queued";
               importer_->wake();
               return json::respond(202, job_json(job, false));
             });

  router.add("GET", "/api/v1/registry/imports",
             {.summary = "The caller's imports (all of them for an administrator), newest first",
              .tag = "registry",
              .permission = "registry:person:write"},
             [this](Context& ctx) {
               ctx.require_somewhere("registry:person:write");
               bool all = ctx.user().can("accounts:user:write", "/");
               std::vector<store::ImportJob> jobs;
               db_.read([&](storage::Tx& tx) { jobs = store::imports(tx, all ? std::nullopt : ctx.actor_id(), 100); });
               json::array items;
               for (const auto& j : jobs) items.push_back(job_json(j, false));
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  auto load = [this](Context& ctx) {
    ctx.require_somewhere("registry:person:write");
    std::int64_t id = json::path_id(ctx.req(), "id");
    std::optional<store::ImportJob> job;
    db_.read([&](storage::Tx& tx) { job = store::import_job(tx, id); });
    if (!job || (job->created_by != ctx.actor_id() && !ctx.user().can("accounts:user:write", "/")))
      throw_not_found("no import " + std::to_string(id), "导入任务不存在");
    return *job;
  };
  router.add("GET", "/api/v1/registry/imports/{id}",
             {.summary = "An import's state, counts and its first 100 row errors",
              .tag = "registry",
              .permission = "registry:person:write",
              .statuses = {200, 404}},
             [load](Context& ctx) { return json::respond(200, job_json(load(ctx), true)); });
  router.add("GET", "/api/v1/registry/imports/{id}/errors.csv",
             {.summary = "An import's row-by-row error report as CSV (line, column, message)",
              .tag = "registry",
              .permission = "registry:person:write",
              .statuses = {200, 404}},
             [load](Context& ctx) {
               auto job = load(ctx);
               std::string out = "\xEF\xBB\xBF行号 line,列 column,错误 error,error\r\n";
               boost::system::error_code ec;
               auto errors = boost::json::parse(job.errors, ec);
               if (!ec && errors.is_array()) {
                 for (const auto& e : errors.as_array()) {
                   const auto& o = e.as_object();
                   out += std::to_string(o.at("line").to_number<std::int64_t>()) + "," +
                          csv::quote(std::string(o.at("column").as_string())) + "," +
                          csv::quote(std::string(o.at("message_zh").as_string())) + "," +
                          csv::quote(std::string(o.at("message_en").as_string())) + "\r\n";
                 }
               }
               http::Response r;
               r.status = 200;
               r.content_type = "text/csv; charset=utf-8";
               r.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"import-" + std::to_string(job.id) + "-errors.csv\"");
               r.body = std::move(out);
               return r;
             });
}

}  // namespace wangge::registry
