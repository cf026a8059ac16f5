#include "registry/import/job.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <unordered_map>

#include "audit/audit.h"
#include "core/json.h"
#include "registry/import/kinds.h"
#include "registry/import/source.h"
#include "registry/service.h"

namespace wangge::registry::import {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

json::array errors_json(const std::vector<RowError>& errors) {
  json::array out;
  for (const auto& e : errors) {
    if (out.size() >= 10000) break;
    out.push_back(json::object{{"line", e.line}, {"column", e.column}, {"message_en", e.en}, {"message_zh", e.zh}});
  }
  return out;
}

// The file's header row (checked when the job was accepted), read again by each pass.
template <typename K>
HeaderMap read_header(Source& source) {
  Record header;
  std::vector<std::string> missing;
  source.next(header);
  return map_header(K::columns(), header.fields, &missing);
}

// One job of kind K over its file.
template <typename K>
class Job {
 public:
  Job(Service& svc, const store::ImportJob& job, const std::string& text, std::vector<std::string> scope,
      const std::function<bool()>& stopping)
      : svc_(svc),
        job_(job),
        text_(text),
        xlsx_(job.encoding == "xlsx"),
        stopping_(stopping),
        today_(svc.today()),
        common_{svc, std::move(scope), today_, {}, {}},
        classify_(svc, job.created_by, today_, common_.scope) {}

  void run() {
    auto started = std::chrono::steady_clock::now();
    svc_.db().write([&](storage::Tx& tx) { store::set_import_status(tx, job_.id, "checking"); });
    if (!check_rows()) return;  // resumed at the next start
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const RowError& a, const RowError& b) { return a.line < b.line; });
    spdlog::info("import {} ({}): {} rows checked in {:.1f} s, {} errors", job_.id, job_.kind, rows_,
                 seconds_since(started), error_total_);
    if (!record_check()) return;
    svc_.db().write([&](storage::Tx& tx) { store::set_import_status(tx, job_.id, "applying"); });
    auto applying = std::chrono::steady_clock::now();
    typename K::Applier applier(svc_, job_.created_by, today_, common_.scope);
    std::int64_t done = 0;
    if (!apply_rows(applier, done)) return;  // resumed at the next start (upserts: nothing doubles)
    spdlog::info("import {} ({}): {} rows applied in {:.1f} s ({} inserted, {} updated, {} unchanged, {} refused)",
                 job_.id, job_.kind, done, seconds_since(applying), applier.inserted, applier.updated,
                 applier.unchanged, applier.refused.size());
    finish(applier, done);
  }

 private:
  void add_error(RowError e) {
    ++error_total_;
    if (errors_.size() < 10000) errors_.push_back(std::move(e));
  }

  // Rows matching a record by natural key: where that record lives, looked up 5,000 rows
  // at a time; a record outside the importer's scope makes the row an error.
  void check_matches() {
    if (matches_.empty()) return;
    std::vector<std::string> keys;
    keys.reserve(matches_.size());
    for (const auto& m : matches_) keys.push_back(m.second);
    std::map<std::string, std::string> paths;
    svc_.db().read([&](storage::Tx& tx) { paths = K::match_paths(tx, keys); });
    for (const auto& [line, key] : matches_) {
      auto it = paths.find(key);
      if (it == paths.end() || within_any(it->second, common_.scope)) continue;
      add_error(K::foreign(line));
    }
    matches_.clear();
  }

  // A dry run's counts, a chunk at a time, in read transactions.
  void classify_chunk() {
    svc_.db().read([&](storage::Tx& tx) {
      classify_.begin_chunk();
      for (const auto& r : chunk_) classify_.apply(tx, r, false);
    });
    classify_.commit_chunk();
    chunk_.clear();
  }

  // One checked row: a duplicate of an earlier line is an error; its match is queued; a
  // dry run counts it.
  void accept(typename K::Row r, std::size_t line, std::vector<RowError>& row_errors) {
    auto [it, fresh] = seen_.emplace(K::key(r), line);
    if (!fresh) {
      row_errors.push_back({line, K::kKeyColumn, K::kDuplicateEn + std::to_string(it->second),
                            "与第 " + std::to_string(it->second) + " 行" + K::kDuplicateZh});
      return;
    }
    if (auto key = K::match_key(r)) {
      matches_.emplace_back(line, *key);
      if (matches_.size() >= 5000) check_matches();
    }
    if (error_total_ == 0 && job_.dry_run) {  // a real run counts as it applies
      chunk_.push_back(std::move(r));
      if (chunk_.size() >= 5000) classify_chunk();
    }
  }

  // Pass 1: every row checked, nothing written. False when stopped.
  bool check_rows() {
    Source source(text_, xlsx_);
    HeaderMap header = read_header<K>(source);
    Record rec;
    while (source.next(rec)) {
      ++rows_;
      std::vector<RowError> row_errors;
      Fields in{header, rec.fields, rec.line, row_errors};
      if (!rec.error.empty()) {
        row_errors.push_back({rec.line, "", "malformed CSV: " + rec.error, "CSV 格式错误：" + rec.error});
      } else {
        // A cell a spreadsheet damaged is the error of its column: what the check would say
        // of the damaged value adds nothing.
        auto damaged = cell_problems(K::columns(), header, rec.fields, rec.types, rec.line, row_errors);
        std::size_t first_check = row_errors.size();
        auto r = K::check(common_, in);
        if (damaged.empty()) {
          if (r) accept(std::move(*r), rec.line, row_errors);
        } else {
          auto said = [&](const RowError& e) {
            return std::find(damaged.begin(), damaged.end(), e.column) != damaged.end();
          };
          row_errors.erase(
              std::remove_if(row_errors.begin() + static_cast<std::ptrdiff_t>(first_check), row_errors.end(), said),
              row_errors.end());
        }
      }
      for (auto& e : row_errors) add_error(std::move(e));
      if (stopping_()) return false;
    }
    check_matches();
    if (error_total_ == 0) classify_chunk();
    return true;
  }

  // Stores the check's report and counts; a rejected file or a dry run ends here (false).
  bool record_check() {
    json::array report;
    for (const auto& e : errors_)
      report.push_back(
          json::object{{"line", e.line}, {"column", e.column}, {"message_en", e.en}, {"message_zh", e.zh}});
    svc_.db().write([&](storage::Tx& tx) {
      store::set_import_check(tx, job_.id, rows_, static_cast<std::int64_t>(error_total_), json::to_text(report),
                              classify_.inserted, classify_.updated, classify_.unchanged);
    });
    if (error_total_ > 0 || rows_ == 0) {
      svc_.db().write([&](storage::Tx& tx) {
        store::finish_import(
            tx, job_.id, "rejected",
            rows_ == 0 ? "the file has no rows" : std::to_string(error_total_) + " errors; nothing applied");
      });
      return false;
    }
    if (job_.dry_run) {
      svc_.db().write(
          [&](storage::Tx& tx) { store::finish_import(tx, job_.id, "checked", "dry run: nothing applied"); });
      return false;
    }
    return true;
  }

  // Pass 2: applied in chunks, each its own transaction. One chunk is applied by the writer
  // while this thread reads, checks and seals the next (the applier is touched by one chunk
  // at a time: each waits for the one before). False when stopped.
  bool apply_rows(typename K::Applier& applier, std::int64_t& done) {
    Source source(text_, xlsx_);
    HeaderMap header = read_header<K>(source);
    Record rec;
    std::vector<typename K::Row> chunk;
    std::future<void> applying_chunk;
    auto wait_applied = [&] {
      if (applying_chunk.valid()) applying_chunk.get();  // rethrows the chunk's failure
    };
    auto flush = [&] {
      wait_applied();
      applying_chunk = std::async(std::launch::async, [&, rows = std::move(chunk)] {
        svc_.db().write([&](storage::Tx& tx) {
          applier.begin_chunk();
          for (const auto& r : rows) applier.apply(tx, r, true);
          store::set_import_progress(tx, job_.id, done + static_cast<std::int64_t>(rows.size()),
                                     applier.inserted + applier.chunk_inserted, applier.updated + applier.chunk_updated,
                                     applier.unchanged + applier.chunk_unchanged);
        });
        applier.commit_chunk();
        done += static_cast<std::int64_t>(rows.size());
      });
      chunk.clear();
    };
    std::vector<RowError> ignored;
    while (source.next(rec)) {
      Fields in{header, rec.fields, rec.line, ignored};
      if (auto r = K::check(common_, in)) {
        if constexpr (requires { K::seal(svc_, *r); }) K::seal(svc_, *r);
        chunk.push_back(std::move(*r));
      }
      // 10,000 rows a transaction (about 0.6 s of the writer on the reference machine): fewer,
      // larger commits write each touched index page to the WAL less often.
      if (chunk.size() >= 10000) {
        flush();
        if (stopping_()) {
          wait_applied();
          return false;
        }
      }
    }
    flush();
    wait_applied();
    return true;
  }

  // The job is done: rows refused while applying (records that left the importer's
  // territory between the check and the apply) are reported, the import audited.
  void finish(const typename K::Applier& applier, std::int64_t done) {
    svc_.db().write([&](storage::Tx& tx) {
      std::string message;
      if (!applier.refused.empty()) {
        store::add_import_errors(tx, job_.id, static_cast<std::int64_t>(applier.refused.size()),
                                 json::to_text(errors_json(applier.refused)));
        message = std::to_string(applier.refused.size()) + " rows left alone: their record is outside your territory";
      }
      store::finish_import(tx, job_.id, "done", message);
      audit::Entry e;
      e.actor_id = job_.created_by;
      e.actor = "import:" + std::to_string(job_.id);
      e.action = "registry:import:apply";
      e.target = "import:" + std::to_string(job_.id);
      e.detail = json::to_text(json::object{{"kind", job_.kind},
                                            {"rows", done},
                                            {"inserted", applier.inserted},
                                            {"updated", applier.updated},
                                            {"unchanged", applier.unchanged}});
      audit::append(tx, e);
    });
  }

  Service& svc_;
  const store::ImportJob& job_;
  const std::string& text_;
  bool xlsx_;  // an .xlsx workbook, else CSV text
  const std::function<bool()>& stopping_;
  std::string today_;
  Common common_;
  typename K::Applier classify_;
  std::vector<RowError> errors_;
  std::size_t error_total_ = 0;
  std::int64_t rows_ = 0;
  std::unordered_map<std::string, std::size_t> seen_;         // natural key -> line
  std::vector<std::pair<std::size_t, std::string>> matches_;  // line, key
  std::vector<typename K::Row> chunk_;
};

}  // namespace

void run_job(Service& svc, const store::ImportJob& job, const std::string& text, std::vector<std::string> scope,
             const std::function<bool()>& stopping) {
  if (job.kind == "households") {
    Job<HouseholdImport>(svc, job, text, std::move(scope), stopping).run();
  } else if (job.kind == "buildings") {
    Job<BuildingImport>(svc, job, text, std::move(scope), stopping).run();
  } else if (job.kind == "businesses") {
    Job<BusinessImport>(svc, job, text, std::move(scope), stopping).run();
  } else {
    Job<PersonImport>(svc, job, text, std::move(scope), stopping).run();
  }
}

}  // namespace wangge::registry::import
