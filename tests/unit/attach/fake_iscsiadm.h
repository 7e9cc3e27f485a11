// A stand-in for iscsiadm: a shell script in a temporary directory that
// records each call's argument vector (NUL-separated, exactly as received)
// and answers call N with the output and exit status the test scripted.
#ifndef PVFSF_TESTS_UNIT_ATTACH_FAKE_ISCSIADM_H
#define PVFSF_TESTS_UNIT_ATTACH_FAKE_ISCSIADM_H

#include <filesystem>
#include <string>
#include <vector>

namespace pvfsf::attach::test {

class FakeIscsiadm {
 public:
  FakeIscsiadm();
  ~FakeIscsiadm();
  FakeIscsiadm(const FakeIscsiadm&) = delete;
  FakeIscsiadm& operator=(const FakeIscsiadm&) = delete;

  // The program to run in place of iscsiadm.
  std::string program() const { return (dir_ / "iscsiadm").string(); }
  // Call @n (from 1) prints @out and @err and exits @status.
  void answer(int n, int status, const std::string& out = "", const std::string& err = "");
  int calls() const;
  // The arguments call @n received, argv[0] excluded.
  std::vector<std::string> args(int n) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace pvfsf::attach::test

#endif
