#include "core/crypto.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <unistd.h>

#include <filesystem>

namespace wangge {
namespace {

std::string temp_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("wangge-crypto-" + std::to_string(::getpid()) + "-" +
                                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(CryptoTest, SealOpenAndTamper) {
  Crypto c = Crypto::load(std::string(64, 'a'), "");
  std::string sealed = c.seal("13812345678");
  EXPECT_EQ(sealed.find("13812345678"), std::string::npos);
  EXPECT_EQ(c.open(sealed).value(), "13812345678");
  EXPECT_NE(c.seal("13812345678"), sealed);  // a fresh nonce each time
  std::string bad = sealed;
  bad.back() ^= 1;
  EXPECT_FALSE(c.open(bad).has_value());
  EXPECT_FALSE(c.open("short").has_value());
  Crypto other = Crypto::load(std::string(64, 'b'), "");
  EXPECT_FALSE(other.open(sealed).has_value());
}

TEST(CryptoTest, BlindIndexIsKeyedAndPerPurpose) {
  Crypto c = Crypto::load(std::string(64, 'a'), "");
  EXPECT_EQ(c.blind_index("phone", "13812345678"), c.blind_index("phone", "13812345678"));
  EXPECT_NE(c.blind_index("phone", "13812345678"), c.blind_index("id_number", "13812345678"));
  EXPECT_NE(c.blind_index("phone", "13812345678"),
            Crypto::load(std::string(64, 'b'), "").blind_index("phone", "13812345678"));
  EXPECT_EQ(c.blind_index("phone", "x").size(), 32u);
}

TEST(CryptoTest, KeyFileIsCreatedPrivateAndReused) {
  std::string file = temp_dir() + "/keys/data.key";
  Crypto first = Crypto::load("", file);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Crypto again = Crypto::load("", file);
  EXPECT_EQ(again.open(first.seal("x")).value(), "x");
  ::chmod(file.c_str(), 0644);
  EXPECT_THROW(Crypto::load("", file), std::runtime_error);
  EXPECT_THROW(Crypto::load("12ab", ""), std::runtime_error);
}

TEST(CryptoTest, PhonesAreValidatedAndMasked) {
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_TRUE(valid_phone("13812345678"));
  EXPECT_TRUE(valid_phone("0756-1234567"));
  EXPECT_TRUE(valid_phone("075612345678"));
  EXPECT_FALSE(valid_phone("12812345678"));
  EXPECT_FALSE(valid_phone("1381234567"));
  EXPECT_FALSE(valid_phone("abc"));
  EXPECT_FALSE(valid_phone("+1 415 555 0100"));  // another country
  EXPECT_FALSE(valid_phone("0012345678"));
}

// As clients send them (FixMyStreet formats national numbers with spaces; people type
// full-width digits and brackets): one normal form, so one blind index and one mask.
TEST(CryptoTest, PhonesAreNormalisedHoweverTheyAreWritten) {
  for (const char* typed : {"13800138000", "138 0013 8000", "+86 138 0013 8000", "+8613800138000", "0086-138-0013-8000",
                            "8613800138000", "138-0013-8000", "\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98 0013 8000"}) {
    EXPECT_TRUE(valid_phone(typed)) << typed;
    EXPECT_EQ(normalize_phone(typed), "13800138000") << typed;
  }
  for (const char* typed : {"0756-1234567", "(0756) 123-4567", "0756 123 4567", "+86 756 1234567", "0086 756 1234567",
                            "\xEF\xBC\x88" "0756\xEF\xBC\x89" "1234567"}) {
    EXPECT_TRUE(valid_phone(typed)) << typed;
    EXPECT_EQ(normalize_phone(typed), "07561234567") << typed;
  }
  EXPECT_EQ(mask_phone(normalize_phone("+86 138 0013 8000")), "138****8000");
}

}  // namespace
}  // namespace wangge
