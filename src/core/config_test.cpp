// Configuration: defaults, then the JSON file, then WANGGE_* environment variables.
#include "core/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace wangge {
namespace {

std::string write_file(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("wangge-config-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, FileThenEnvironmentOverride) {
  Config cfg;
  EXPECT_EQ(cfg.listen, "127.0.0.1:8080");
  EXPECT_EQ(cfg.database_url(), "./data/wangge.db");
  load_config_file(
      cfg, write_file(R"({"listen": "0.0.0.0:9000", "data_dir": "/srv/w", "workers": 8, "access_log": false})"));
  EXPECT_EQ(cfg.port(), 9000);
  EXPECT_EQ(cfg.host(), "0.0.0.0");
  EXPECT_EQ(cfg.database_url(), "/srv/w/wangge.db");
  EXPECT_EQ(cfg.workers, 8);
  EXPECT_FALSE(cfg.access_log);
  ::setenv("WANGGE_WORKERS", "12", 1);
  ::setenv("WANGGE_DATABASE", "postgresql://u@h/db", 1);
  load_config_env(cfg);
  ::unsetenv("WANGGE_WORKERS");
  ::unsetenv("WANGGE_DATABASE");
  EXPECT_EQ(cfg.workers, 12);
  EXPECT_EQ(cfg.database_url(), "postgresql://u@h/db");
  EXPECT_NO_THROW(validate_config(cfg));
}

TEST(Config, ErrorsAreClear) {
  Config cfg;
  EXPECT_THROW(load_config_file(cfg, "/nonexistent/wangge.json"), std::runtime_error);
  EXPECT_THROW(load_config_file(cfg, write_file("[1]")), std::runtime_error);
  try {
    load_config_file(cfg, write_file(R"({"listne": "x"})"));
    FAIL() << "an unknown key must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("listne"), std::string::npos);
  }
  EXPECT_THROW(load_config_file(cfg, write_file(R"({"workers": "many"})")), std::runtime_error);
  ::setenv("WANGGE_ACCESS_LOG", "perhaps", 1);
  EXPECT_THROW(load_config_env(cfg), std::runtime_error);
  ::unsetenv("WANGGE_ACCESS_LOG");
  Config bad;
  bad.listen = "no-port";
  EXPECT_THROW(validate_config(bad), std::runtime_error);
  bad = Config{};
  bad.workers = 0;
  EXPECT_THROW(validate_config(bad), std::runtime_error);
}

}  // namespace
}  // namespace wangge
