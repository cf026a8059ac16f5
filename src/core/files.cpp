#include "core/files.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace wangge::files {

void write_durably(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(path).parent_path();
  if (!dir.empty()) fs::create_directories(dir);
  std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(randombytes_random());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::system_category().message(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot write " + tmp + ": " + std::system_category().message(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot sync " + tmp);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot store " + path);
  }
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

std::optional<std::string> read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(ss).str();
}

void write_sealed(const std::string& path, std::string_view plain, const Crypto& crypto) {
  write_durably(path, crypto.seal_file(plain));
}

std::string read_sealed(const std::string& path, const Crypto& crypto) {
  auto bytes = read(path);
  if (!bytes) throw std::runtime_error("cannot read " + path);
  auto plain = crypto.open_file(*bytes);
  if (!plain) throw std::runtime_error(path + " is not sealed under the data key (altered, truncated or foreign)");
  return std::move(*plain);
}

bool seal_in_place(const std::string& path, const Crypto& crypto) {
  auto bytes = read(path);
  if (!bytes) throw std::runtime_error("cannot read " + path);
  if (Crypto::is_sealed_file(*bytes)) return false;
  write_sealed(path, *bytes, crypto);
  sodium_memzero(bytes->data(), bytes->size());
  return true;
}

FileLock::FileLock(const std::string& path, bool exclusive) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path + ": " + std::system_category().message(errno));
  if (::flock(fd_, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error(err == EWOULDBLOCK ? "locked by another process: " + path
                                                : "cannot lock " + path + ": " + std::system_category().message(err));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace wangge::files
