// Registry imports (src/registry/import/): a CSV of persons (with their households)
// checked row by row and applied as upserts by ID number, in a background worker so that a
// million rows do not hold the server. See docs/REGISTRY.md for the columns.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace wangge::registry {

class Service;

class Importer {
 public:
  // Files go under `dir`. The worker starts at once and resumes jobs a restart interrupted.
  Importer(Service& svc, std::string dir);
  ~Importer();  // stops the worker between chunks
  const std::string& dir() const { return dir_; }
  void wake();

 private:
  void run();
  // At start, or when this node takes the import jobs over: seals the files of unfinished
  // jobs, removes every other file (several nodes: those under an hour old are sealed).
  void sweep();
  bool stopping();
  void process(std::int64_t id);

  Service& svc_;
  std::string dir_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool swept_ = false;  // set in the constructor, before the worker starts
  std::thread worker_;
};

}  // namespace wangge::registry
