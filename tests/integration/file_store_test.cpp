// The file stores (core/file_store.h) on the backend of WANGGE_TEST_DATABASE: the database
// store, whose files every node sees, and the directory store, both sealing what they keep.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "core/deployment.h"
#include "core/file_store.h"
#include "core/storage/database.h"
#include "core/storage/migrations.h"
#include "integration/harness.h"

namespace wangge::files {
namespace {

namespace fs = std::filesystem;

class FileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::temp_dir("wangge-files");
    tdb_ = std::make_unique<testing::TestDatabase>(dir_);
    db_ = storage::Database::open(tdb_->url);
    storage::migrate(*db_, storage::embedded_migrations());
  }
  void TearDown() override {
    db_.reset();
    tdb_.reset();
    fs::remove_all(dir_);
  }
  std::int64_t chunk_rows() {
    return db_->read_value<std::int64_t>(
        [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM stored_file_chunks").one().i64(0); });
  }
  Crypto crypto_{Crypto::Key{7}};
  std::string dir_;
  std::unique_ptr<testing::TestDatabase> tdb_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(FileStoreTest, TheDatabaseKeepsFilesSealedInChunksAndAnswersThemWhole) {
  auto store = database_store(*db_, crypto_);
  EXPECT_FALSE(store->exists("imports/a.csv"));
  EXPECT_EQ(store->get("imports/a.csv"), std::nullopt);
  std::string secret = "姓名,身份证号\r\n甲,440404196006061234\r\n";
  store->put("imports/a.csv", secret);
  EXPECT_TRUE(store->exists("imports/a.csv"));
  EXPECT_EQ(store->get("imports/a.csv"), secret);
  auto sealed = db_->read_value<std::string>(
      [](storage::Tx& tx) { return tx.exec("SELECT bytes FROM stored_file_chunks").one().str(0); });
  EXPECT_EQ(sealed.find("440404196006061234"), std::string::npos);
  // Larger than one transaction's share (8 chunks of 4 MiB): written in several, whole.
  std::string big(40 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  store->put("imports/big.csv", big);
  EXPECT_EQ(chunk_rows(), 1 + 11);
  EXPECT_EQ(store->get("imports/big.csv"), big);
  // Replaced: the old chunks go.
  store->put("imports/big.csv", "small now");
  EXPECT_EQ(store->get("imports/big.csv"), "small now");
  EXPECT_EQ(chunk_rows(), 2);
  auto listed = store->list("imports/");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "imports/a.csv");
  EXPECT_GT(listed[0].created_at_ms, 0);
  EXPECT_TRUE(store->list("attachments/").empty());
  store->remove("imports/a.csv");
  EXPECT_FALSE(store->exists("imports/a.csv"));
  EXPECT_EQ(chunk_rows(), 1);
}

TEST_F(FileStoreTest, ChunksACrashLeftWithoutTheirFileAreListedForRemoval) {
  auto store = database_store(*db_, crypto_);
  db_->write([](storage::Tx& tx) {
    tx.exec("INSERT INTO stored_file_chunks (name, seq, bytes) VALUES ('imports/half.csv', 0, ?)",
            {storage::Blob{"partial"}});
  });
  EXPECT_FALSE(store->exists("imports/half.csv"));
  auto listed = store->list("imports/");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name, "imports/half.csv");
  EXPECT_EQ(listed[0].created_at_ms, 0);  // as old as can be: a sweep removes it
  store->remove("imports/half.csv");
  EXPECT_EQ(chunk_rows(), 0);
}

TEST_F(FileStoreTest, AFileAlteredInTheDatabaseIsRefusedNotServed) {
  auto store = database_store(*db_, crypto_);
  store->put("attachments/ab/cd/x", "a photo");
  db_->write([](storage::Tx& tx) {
    tx.exec("UPDATE stored_file_chunks SET bytes = ?", {storage::Blob{std::string("WGSF\x01", 5) + "forged"}});
  });
  EXPECT_THROW(store->get("attachments/ab/cd/x"), std::runtime_error);
  // Under another key, nothing opens.
  store->put("attachments/ab/cd/y", "another photo");
  Crypto other{Crypto::Key{8}};
  EXPECT_THROW(database_store(*db_, other)->get("attachments/ab/cd/y"), std::runtime_error);
}

TEST_F(FileStoreTest, NamesThatCouldLeaveTheStoreAreRefused) {
  auto store = directory_store(dir_ + "/files", crypto_);
  for (const char* bad : {"", "../x", "a/../../x", "/etc/passwd", "a//b", ".hidden", "a/.b", "a b", "a\\b"})
    EXPECT_THROW(store->put(bad, "x"), std::invalid_argument) << bad;
  EXPECT_NO_THROW(store->put("imports/1700000000000-3-42.csv.sealed", "x"));
}

TEST_F(FileStoreTest, FilesAnOlderVersionKeptInADirectoryMoveIntoTheDatabase) {
  std::string data = dir_ + "/old";
  fs::create_directories(data + "/attachments/ab/cd");
  fs::create_directories(data + "/imports");
  std::ofstream(data + "/attachments/ab/cd/abcd") << "kept in clear";
  std::ofstream(data + "/attachments/.sealed") << "marker";
  std::ofstream(data + "/imports/1-2.csv.tmp99-1") << "a crash's leftover";
  auto sealed_file = crypto_.seal_file("kept sealed");
  std::ofstream(data + "/imports/1-2.csv.sealed", std::ios::binary) << sealed_file;
  auto store = database_store(*db_, crypto_);
  EXPECT_EQ(move_into(*store, data, "attachments", crypto_), 1u);
  EXPECT_EQ(move_into(*store, data, "imports", crypto_), 1u);
  EXPECT_EQ(store->get("attachments/ab/cd/abcd"), "kept in clear");
  EXPECT_EQ(store->get("imports/1-2.csv.sealed"), "kept sealed");
  EXPECT_FALSE(fs::exists(data + "/attachments/ab/cd/abcd"));
  EXPECT_FALSE(fs::exists(data + "/imports/1-2.csv.tmp99-1"));
  EXPECT_TRUE(fs::exists(data + "/attachments/.sealed"));          // not a stored file: left alone
  EXPECT_EQ(move_into(*store, data, "attachments", crypto_), 0u);  // once
}

TEST_F(FileStoreTest, TheDataKeyIsRecordedOnceAndAnotherIsRefused) {
  EXPECT_NO_THROW(deployment::verify_data_key(*db_, crypto_));
  EXPECT_NO_THROW(deployment::verify_data_key(*db_, crypto_));
  Crypto other{Crypto::Key{9}};
  EXPECT_THROW(deployment::verify_data_key(*db_, other), std::runtime_error);
}

}  // namespace
}  // namespace wangge::files
