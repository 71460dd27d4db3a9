// server/main.cpp — the `tanggap` command line (CONTRACT.md §1).
// Parses arguments with CLI11 and hands each command to its module; no logic here.
#include "events/domain/staff_types.h"
#include "server/backup_command.h"
#include "server/report_response_times.h"
#include "server/serve.h"
#include "server/tools.h"
#include "server/user_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>

#ifndef TANGGAP_VERSION
#define TANGGAP_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{"Tanggap — layanan pengaduan dan permohonan Dinas Sosial"};
  app.set_version_flag("--version", std::string("tanggap ") + TANGGAP_VERSION);
  app.require_subcommand(1);

  tanggap::server::ServeFlags serve;
  auto* serve_cmd = app.add_subcommand("serve", "run the server");
  serve_cmd->add_option("--config", serve.config_file, "configuration file (JSON)");
  serve_cmd->add_option("--data", serve.data_dir, "data directory (overrides data_dir)");
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (overrides listen)");
  serve_cmd->add_flag("--test-clock", serve.test_clock, "let POST /api/v1/admin/clock move the clock (tests only)");

  std::string data_dir = "./var/tanggap";
  std::optional<std::string> rebuild_config;
  std::optional<std::string> rebuild_data;
  auto* rebuild_cmd = app.add_subcommand("rebuild", "rebuild every projection from the event log (offline)");
  rebuild_cmd->add_option("--data", rebuild_data, "data directory (overrides data_dir)");
  rebuild_cmd->add_option("--config", rebuild_config, "configuration file (for data_dir, catalog_dir, calendar_dir)");
  auto* verify_cmd = app.add_subcommand("verify", "check the hash chain and the projections' checkpoints");
  verify_cmd->add_option("--data", data_dir, "data directory");

  tanggap::server::UserAddFlags user;
  auto* user_cmd = app.add_subcommand("user", "staff accounts");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "create a staff account and print its token once");
  user_add->add_option("name", user.name, "account name (a-z, 0-9, . _ -)")->required();
  user_add->add_option("--role", user.role, "officer, supervisor, ppid or admin")
      ->required()
      ->check(CLI::IsMember({"officer", "supervisor", "ppid", "admin"}));
  user_add->add_option("--unit", user.unit, "the unit (bidang) the account works in");
  user_add->add_option("--data", user.data_dir, "data directory");
  user_add->add_option("--config", user.config_file, "configuration file (for data_dir and listen)");
  user_add->add_option("--listen", user.listen, "where the running server listens (overrides listen)");

  tanggap::server::BackupFlags backup;
  auto* backup_cmd = app.add_subcommand(
      "backup", "a consistent backup of the whole store (log, views, attachments) into DEST, online or offline");
  backup_cmd->add_option("dest", backup.dest, "backup directory (several incremental backups live in one)")->required();
  backup_cmd->add_option("--keep", backup.keep, "how many backups of the store DEST keeps (newest first)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  backup_cmd->add_option("--data", backup.data_dir, "data directory");
  backup_cmd->add_option("--config", backup.config_file, "configuration file (for data_dir and listen)");
  backup_cmd->add_option("--listen", backup.listen, "where the running server listens (overrides listen)");

  tanggap::server::RestoreFlags restore;
  auto* restore_cmd = app.add_subcommand("restore", "restore the newest backup in SRC into a new, empty data directory");
  restore_cmd->add_option("src", restore.source, "backup directory written by tanggap backup")->required();
  restore_cmd->add_option("--data", restore.data_dir, "data directory to create (must not exist or be empty)");
  restore_cmd->add_option("--config", restore.config_file, "configuration file (for data_dir)");

  tanggap::server::ReportFlags report;
  auto* report_cmd = app.add_subcommand("report", "reports from the store (offline, beside a running server)");
  report_cmd->require_subcommand(1);
  auto* report_rt = report_cmd->add_subcommand("response-times", "the PPID response-time report");
  report_rt->add_option("--from", report.from, "first date of receipt, YYYY-MM-DD")->required();
  report_rt->add_option("--to", report.to, "last date of receipt, YYYY-MM-DD")->required();
  report_rt->add_option("--group-by", report.group_by, "channel, service, unit or month")
      ->check(CLI::IsMember({"channel", "service", "unit", "month"}));
  report_rt->add_option("--format", report.format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  report_rt->add_option("--data", report.data_dir, "data directory (overrides data_dir)");
  report_rt->add_option("--config", report.config_file, "configuration file (for data_dir, calendar_dir)");

  CLI11_PARSE(app, argc, argv);

  if (serve_cmd->parsed()) return tanggap::server::run_serve(serve);
  if (rebuild_cmd->parsed()) {
    auto config = tanggap::server::load_config(rebuild_config, tanggap::server::process_environment());
    if (!config) {
      std::fprintf(stderr, "tanggap rebuild: %s\n", config.error().message.c_str());
      return 1;
    }
    if (rebuild_data) config->data_dir = *rebuild_data;
    return tanggap::server::run_rebuild(*config);
  }
  if (verify_cmd->parsed()) return tanggap::server::run_verify(data_dir);
  if (user_add->parsed()) return tanggap::server::run_user_add(user);
  if (backup_cmd->parsed()) return tanggap::server::run_backup(backup);
  if (restore_cmd->parsed()) return tanggap::server::run_restore(restore);
  if (report_rt->parsed()) return tanggap::server::run_report_response_times(report);
  return 2;
}
