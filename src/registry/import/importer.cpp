// The import worker: one thread taking queued jobs oldest first, and the start-up sweep of
// the import directory.
#include "registry/import/importer.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <set>

#include "core/files.h"
#include "registry/import/job.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry {

namespace fs = std::filesystem;

namespace {

bool finished(const std::string& status) {
  return status != "queued" && status != "checking" && status != "applying";
}

void remove_file(const std::string& path) {
  std::error_code ec;
  if (!path.empty()) fs::remove(path, ec);
}

}  // namespace

Importer::Importer(Service& svc, std::string dir) : svc_(svc), dir_(std::move(dir)) {
  fs::create_directories(dir_);
  if (!svc_.leading || svc_.leading()) {  // at start; otherwise when this node takes over
    sweep();
    swept_ = true;
  }
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

void Importer::sweep() {
  // Files are kept only while their job needs them, and sealed (older versions kept every
  // file, in clear): a finished job's file goes, an unfinished one's is sealed, a file no
  // job names (a crash between the file and its job) goes.
  std::vector<store::ImportJob> jobs;
  svc_.db().read([&](storage::Tx& tx) { jobs = store::import_files(tx); });
  std::set<std::string> kept;
  std::size_t sealed = 0, removed = 0;
  for (const auto& j : jobs) {
    std::error_code ec;
    if (j.file_path.empty() || !fs::exists(j.file_path, ec)) continue;
    if (finished(j.status)) {
      remove_file(j.file_path);
      ++removed;
    } else {
      sealed += files::seal_in_place(j.file_path, svc_.crypto()) ? 1 : 0;
      kept.insert(fs::weakly_canonical(j.file_path, ec).string());
    }
  }
  // Several nodes: a file no job names may be an upload whose job another node is about to
  // record; under an hour old it is only sealed (a no-op for an upload, written sealed).
  const bool shared = svc_.db().shared();
  const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::error_code ec2;
    if (!entry.is_regular_file(ec2) || kept.contains(fs::weakly_canonical(entry.path(), ec2).string())) continue;
    if (shared && entry.last_write_time(ec2) >= cutoff) {
      sealed += files::seal_in_place(entry.path().string(), svc_.crypto()) ? 1 : 0;
      continue;
    }
    remove_file(entry.path().string());
    ++removed;
  }
  if (sealed + removed > 0)
    spdlog::info("imports: {} files of unfinished jobs sealed, {} files of finished jobs removed", sealed, removed);
}

void Importer::run() {
  std::unique_lock lock(mu_);
  bool swept = swept_;
  while (!stop_) {
    // Jobs run on the node that does the background work (several nodes share the jobs);
    // it sweeps the import directory when it takes over.
    if (svc_.leading && !svc_.leading()) {
      swept = false;
      cv_.wait_for(lock, std::chrono::seconds(1));
      continue;
    }
    lock.unlock();
    if (!swept) {
      try {
        sweep();
      } catch (const std::exception& e) {
        spdlog::warn("import: sweeping {}: {}", dir_, e.what());
      }
      swept = true;
    }
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
    // A finished job's file goes at once: its report lives in the job (no row data).
    if (next) {
      try {
        std::optional<store::ImportJob> job;
        svc_.db().read([&](storage::Tx& tx) { job = store::import_job(tx, *next); });
        if (job && finished(job->status)) remove_file(job->file_path);
      } catch (const std::exception& e) {
        spdlog::warn("import: {}", e.what());
      }
    }
    lock.lock();
    if (!next) cv_.wait_for(lock, std::chrono::seconds(5));
  }
}

void Importer::process(std::int64_t id) {
  store::ImportJob job;
  svc_.db().read([&](storage::Tx& tx) { job = *store::import_job(tx, id); });
  std::string text = files::read_sealed(job.file_path, svc_.crypto());
  std::vector<std::string> scope;
  {
    boost::system::error_code ec;
    auto v = boost::json::parse(job.scope, ec);
    if (!ec && v.is_array()) {
      for (const auto& s : v.as_array()) scope.emplace_back(s.as_string());
    }
  }
  auto stop = [this] { return stopping(); };
  import::run_job(svc_, job, text, std::move(scope), stop);
}

void Service::set_import_dir(const std::string& dir) {
  importer_ = std::make_unique<Importer>(*this, dir);
}

Service::~Service() = default;

}  // namespace wangge::registry
