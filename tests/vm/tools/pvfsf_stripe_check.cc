// pvfsf-stripe-check: byte-level data test of a pvfsf device against the
// stripe model; see stripe_check.h for what each mode does.
//
//   pvfsf-stripe-check write|read --device DEV --strip BYTES [--seed S]
//       [--ops N] [--min BYTES] [--max BYTES] MEMBER_PATH[@START_SECTOR]...
//
// Exit status: 0 every byte matched, 1 a mismatch or an I/O error, 2 usage.
#include <boost/program_options.hpp>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/parse_number.h"
#include "stripe_check.h"

namespace po = boost::program_options;

namespace {

using pvfsf::UsageError;
using pvfsf::tools::CheckConfig;
using pvfsf::tools::MemberDiskArg;

constexpr const char* kUsage =
    "usage: pvfsf-stripe-check write|read --device DEV --strip BYTES "
    "[options] MEMBER_PATH[@START_SECTOR]...\n\n"
    "MEMBERs in datafile order, as given to the device.  Overwrites every\n"
    "member whole.  Exit status: 0 all bytes matched, 1 mismatch or I/O\n"
    "error, 2 bad usage.\n\n";

MemberDiskArg parse_member(const std::string& text) {
  const size_t at = text.rfind('@');
  if (at == std::string::npos) return {text, 0};
  if (at == 0) throw UsageError("member '" + text + "': no device path");
  return {text.substr(0, at),
          pvfsf::parse_u64(text.substr(at + 1),
                           "member '" + text + "': start sector")};
}

std::string optional_arg(const po::variables_map& vm, const char* name,
                         const std::string& fallback) {
  return vm.count(name) ? vm[name].as<std::string>() : fallback;
}

CheckConfig parse_config(const po::variables_map& vm) {
  CheckConfig config;
  config.device = vm["device"].as<std::string>();
  config.strip = pvfsf::parse_size(vm["strip"].as<std::string>(), "--strip");
  if (!config.strip) throw UsageError("--strip must not be 0");
  config.seed = vm.count("seed")
                    ? pvfsf::parse_u64(vm["seed"].as<std::string>(), "--seed")
                    : std::random_device()();
  config.ops = pvfsf::parse_u64(optional_arg(vm, "ops", "1000"), "--ops");
  config.min_len = pvfsf::parse_size(optional_arg(vm, "min", "512"), "--min");
  config.max_len =
      pvfsf::parse_size(optional_arg(vm, "max", "4194304"), "--max");
  if (!vm.count("member")) throw UsageError("at least one MEMBER is required");
  for (const std::string& arg : vm["member"].as<std::vector<std::string>>())
    config.members.push_back(parse_member(arg));
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description visible("Options");
  // clang-format off
  visible.add_options()
      ("help,h", "show this help")
      ("device", po::value<std::string>()->required(), "the pvfsf device")
      ("strip", po::value<std::string>()->required(),
       "strip size in bytes, as created (K, M, G suffixes allowed)")
      ("seed", po::value<std::string>(),
       "PRNG seed (default: random, printed)")
      ("ops", po::value<std::string>(), "random ops to do (default 1000)")
      ("min", po::value<std::string>(), "shortest op in bytes (default 512)")
      ("max", po::value<std::string>(),
       "longest op in bytes (default 4194304)");
  po::options_description hidden;
  hidden.add_options()
      ("mode", po::value<std::string>())
      ("member", po::value<std::vector<std::string>>());
  // clang-format on
  po::positional_options_description positional;
  positional.add("mode", 1).add("member", -1);
  po::options_description all;
  all.add(visible).add(hidden);

  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .run(),
              vm);
    if (vm.count("help")) {
      std::cout << kUsage << visible;
      return 0;
    }
    po::notify(vm);
    if (!vm.count("mode")) throw UsageError("write or read is required");
    const std::string mode = vm["mode"].as<std::string>();
    if (mode != "write" && mode != "read")
      throw UsageError("mode '" + mode + "': expected write or read");
    const CheckConfig config = parse_config(vm);
    pvfsf::tools::StripeCheck check(config, mode == "write");
    return mode == "write" ? check.run_write() : check.run_read();
  } catch (const po::error& e) {
    std::cerr << "pvfsf-stripe-check: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "pvfsf-stripe-check: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "pvfsf-stripe-check: " << e.what() << "\n";
    return 1;
  }
}
