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

}  // namespace

std::string Importer::name_of(const std::string& file_path) {
  if (file_path.rfind("imports/", 0) == 0) return file_path;
  return "imports/" + fs::path(file_path).filename().string();
}

Importer::Importer(Service& svc, files::FileStore& files) : svc_(svc), files_(files) {
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
  halt();
}

void Importer::halt() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
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
  auto dir = files_.directory();
  for (const auto& j : jobs) {
    if (j.file_path.empty()) continue;
    std::string name = name_of(j.file_path);
    if (finished(j.status)) {
      if (files_.exists(name)) {
        files_.remove(name);
        ++removed;
      }
      continue;
    }
    kept.insert(name);
    std::error_code ec;
    if (dir && fs::exists(*dir + "/" + name, ec))
      sealed += files::seal_in_place(*dir + "/" + name, svc_.crypto()) ? 1 : 0;
  }
  // Several nodes: a file no job names may be an upload whose job another node is about to
  // record; under an hour old it stays.
  const bool shared = svc_.db().shared();
  const std::int64_t cutoff = storage::now_ms() - 3'600'000;
  for (const auto& f : files_.list("imports/")) {
    if (kept.contains(f.name) || (shared && f.created_at_ms >= cutoff)) continue;
    files_.remove(f.name);
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
        spdlog::warn("import: sweeping {}: {}", files_.where(), e.what());
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
        if (job && finished(job->status) && !job->file_path.empty()) files_.remove(name_of(job->file_path));
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
  auto text = files_.get(name_of(job.file_path));
  if (!text) throw std::runtime_error("the file of import " + std::to_string(id) + " is not in " + files_.where());
  std::vector<std::string> scope;
  {
    boost::system::error_code ec;
    auto v = boost::json::parse(job.scope, ec);
    if (!ec && v.is_array()) {
      for (const auto& s : v.as_array()) scope.emplace_back(s.as_string());
    }
  }
  // Between chunks the job stops when this node stops, or no longer leads (another node
  // then resumes it where it stopped, as after a restart): never two nodes on one job.
  auto stop = [this] { return stopping() || (svc_.leading && !svc_.leading()); };
  import::run_job(svc_, job, *text, std::move(scope), stop);
}

void Service::set_import_store(files::FileStore& files) {
  importer_ = std::make_unique<Importer>(*this, files);
}

void Service::halt_imports() {
  if (importer_) importer_->halt();
}

Service::~Service() = default;

}  // namespace wangge::registry
