// The real `wangge` binary as a child process, for tests of what only a process shows: its
// signals, its files and its logs.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/harness.h"

namespace wangge::testing {

inline std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A `wangge` child process.
class Child {
 public:
  // access_log: the server's access log on stdout (into `log` with the rest).
  Child(const std::vector<std::string>& args, const std::string& log, bool access_log = false) {
    pid_ = ::fork();
    if (pid_ == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::setenv("WANGGE_ADMIN_PASSWORD", kAdminPassword, 1);
      ::setenv("WANGGE_ACCESS_LOG", access_log ? "true" : "false", 1);
      std::vector<char*> argv;
      std::string bin = WANGGE_BINARY;
      argv.push_back(bin.data());
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  void signal(int sig) { ::kill(pid_, sig); }
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Whether process `pid` holds the socket listening on 127.0.0.1:`port` (/proc/net/tcp's
// inode among the process's descriptors).
inline bool listens_on(pid_t pid, std::uint16_t port) {
  std::ifstream tcp("/proc/net/tcp");
  std::string line;
  std::getline(tcp, line);  // the header
  char want[16];
  std::snprintf(want, sizeof want, "0100007F:%04X", port);
  std::string inode;
  while (std::getline(tcp, line)) {
    std::istringstream in(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, node;
    in >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> node;
    if (local == want && state == "0A") inode = node;  // 0A: LISTEN
  }
  if (inode.empty()) return false;
  const std::string socket = "socket:[" + inode + "]", fds = "/proc/" + std::to_string(pid) + "/fd";
  std::error_code ec;
  for (const auto& fd : std::filesystem::directory_iterator(fds, ec)) {
    if (std::filesystem::read_symlink(fd.path(), ec).string() == socket) return true;
  }
  return false;
}

// Waits until `child` listens on `port` and answers /healthz. The port must be the child's:
// free_port() hands out a port another test's server may take before the child binds it
// (the child is still loading its demo), and that server's /healthz answered for it once
// (the move test then read another town and killed its child mid-load).
inline bool wait_healthy(const Child& child, std::uint16_t port, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      Client c(port);
      if (listens_on(child.pid(), port) && c.get("/healthz").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace wangge::testing
