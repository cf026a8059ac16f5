// Registry imports (src/registry/import/): a CSV of persons (with their households)
// checked row by row and applied as upserts by ID number, in a background worker so that a
// million rows do not hold the server. See docs/REGISTRY.md for the columns.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/file_store.h"

namespace wangge::registry {

class Service;

class Importer {
 public:
  // Files go to `files` as imports/<name>. The worker starts at once and resumes jobs a
  // restart interrupted.
  Importer(Service& svc, files::FileStore& files);
  ~Importer();  // halt()
  // Stops the worker between chunks and joins it. Idempotent.
  void halt();
  files::FileStore& files() { return files_; }
  // The store name of a job's file_path: a name (imports/...), or the path an older version
  // recorded (DATA/imports/<file>), which a directory store rooted at DATA keeps as
  // imports/<file>.
  static std::string name_of(const std::string& file_path);
  void wake();

 private:
  void run();
  // At start, or when this node takes the import jobs over: seals the files of unfinished
  // jobs that an older version kept in clear, removes every other file (several nodes:
  // those under an hour old stay, their job may be on its way).
  void sweep();
  bool stopping();
  void process(std::int64_t id);

  Service& svc_;
  files::FileStore& files_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool swept_ = false;  // set in the constructor, before the worker starts
  std::thread worker_;
};

}  // namespace wangge::registry
