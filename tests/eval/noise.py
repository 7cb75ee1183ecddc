#!/usr/bin/env python3
"""Deterministic "ordinary" logs for errbook's search evaluation.

Writes N lines (default 10,000) of INFO/DEBUG/WARN lines in the formats of the
products of tests/eval/*.tsv (OBD, OCP, TiDB, OceanBase observer, MariaDB):
numbers, paths, ports, pids, durations, IPs, thread names, SQL-ish words, but no
error of any catalog.  A search of such a line should find nothing, or nothing
with confidence.  Same seed, same arguments -> same bytes.

    python3 tests/eval/noise.py --out FILE [--lines N] [--seed S]
"""
import argparse
import random

WORDS = ["select", "insert", "update", "rows", "table", "index", "region", "store",
         "tenant", "zone", "unit", "replica", "leader", "follower", "schema", "version",
         "snapshot", "checkpoint", "flush", "compaction", "merge", "heartbeat", "lease",
         "session", "plan", "cache", "batch", "partition", "config", "metric"]
TABLES = ["orders", "users", "items", "sbtest1", "t_sales", "accounts", "audit_log"]
USERS = ["admin", "app", "report", "root", "ocp_monitor"]
PATHS = ["/home/admin/oceanbase/log/observer.log", "/data/1/obdata", "/etc/my.cnf.d/server.cnf",
         "/var/lib/mysql/ibdata1", "/home/admin/ocp/conf/application.yml", "/tmp/obd/deploy.yaml"]
GO_FILES = ["session.go", "server.go", "conn.go", "domain.go", "ddl_worker.go", "gc_worker.go",
            "region_cache.go", "coprocessor.go", "txn.go", "bootstrap.go"]
CPP_FILES = ["ob_server.cpp", "ob_tenant.cpp", "ob_sql.cpp", "ob_log_service.cpp",
             "ob_tablet_service.cpp", "ob_partition_merge.cpp"]
JAVA_CLASSES = ["c.o.o.s.t.TaskExecutor", "c.o.o.s.c.ClusterService", "c.o.o.s.m.MetricCollector",
                "c.o.o.s.h.HostAgentService", "c.o.o.b.BackupScheduler"]
OBD_STEPS = ["Check before start observer", "Start observer", "observer program health check",
             "Connect to observer", "Initialize cluster", "Wait for observer init",
             "Generate observer configuration", "Remote oceanbase-ce repository install",
             "Cluster bootstrap", "obproxy program health check"]


def ip(r):
    return "%d.%d.%d.%d" % (r.choice([10, 172, 192]), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))


def ts_dash(r, i):
    return "2024-05-%02d %02d:%02d:%02d.%03d" % (1 + i // 4000 % 28, r.randint(0, 23), r.randint(0, 59), r.randint(0, 59), r.randint(0, 999))


def ts_slash(r, i):
    return "2024/05/%02d %02d:%02d:%02d.%03d +08:00" % (1 + i // 4000 % 28, r.randint(0, 23), r.randint(0, 59), r.randint(0, 59), r.randint(0, 999))


def obd(r, i):
    step = r.choice(OBD_STEPS)
    return r.choice([
        "[%s] [INFO] %s ok" % (ts_dash(r, i), step),
        "[%s] [DEBUG] -- %s: ssh %s@%s:22, pid %d" % (ts_dash(r, i), step, r.choice(USERS), ip(r), r.randint(1000, 60000)),
        "[%s] [INFO] %s:%d port check ok, %d ms" % (ts_dash(r, i), ip(r), r.choice([2881, 2882, 2883, 8080]), r.randint(1, 900)),
        "[%s] [DEBUG] -- exited code 0, cmd: ls %s" % (ts_dash(r, i), r.choice(PATHS)),
    ])


def ocp(r, i):
    return "%s %s 1 --- [%s] %s : %s" % (
        ts_dash(r, i), r.choice(["INFO ", "DEBUG", "WARN "]),
        r.choice(["http-nio-8080-exec-%d" % r.randint(1, 200), "task-executor-%d" % r.randint(1, 32), "scheduling-%d" % r.randint(1, 8)]),
        r.choice(JAVA_CLASSES),
        r.choice([
            "collected %d metrics for cluster %d in %d ms" % (r.randint(10, 5000), r.randint(1, 30), r.randint(1, 4000)),
            "task %d subtask %d state RUNNING -> SUCCESSFUL, cost %d ms" % (r.randint(1000, 999999), r.randint(1, 50), r.randint(1, 90000)),
            "host %s agent heartbeat received, version 4.2.%d" % (ip(r), r.randint(0, 3)),
            "slow api GET /api/v2/ob/clusters/%d/tenants took %d ms" % (r.randint(1, 30), r.randint(1000, 9000)),
        ]))


def tidb(r, i):
    return "[%s] [%s] [%s:%d] [\"%s\"] [conn=%d] [%s]" % (
        ts_slash(r, i), r.choice(["INFO", "DEBUG", "WARN"]), r.choice(GO_FILES), r.randint(10, 4000),
        r.choice(["new connection", "load schema", "start ddl job", "gc worker tick", "update region cache",
                  "run statement", "commit txn", "handle heartbeat"]),
        r.randint(1, 5000000),
        r.choice(["rows=%d" % r.randint(0, 100000), "duration=%dms" % r.randint(0, 9000),
                  "schemaVersion=%d" % r.randint(100, 99999), "region-id=%d" % r.randint(1, 999999),
                  "sql=\"%s * from %s where id = %d\"" % (r.choice(["select", "SELECT"]), r.choice(TABLES), r.randint(1, 9999))]))


def observer(r, i):
    return "[%s] %s  [%s] %s (%s:%d) [%d][T%d_L0_G0][T%d][Y%X-%016X-0-0] [lt=%d] %s" % (
        ts_dash(r, i) + "%03d" % r.randint(0, 999), r.choice(["INFO", "TRACE", "WARN"]),
        r.choice(["SERVER", "SQL", "STORAGE", "CLOG", "RS", "COMMON"]), r.choice(WORDS),
        r.choice(CPP_FILES), r.randint(10, 3000), r.randint(1000, 60000), r.choice([1, 1001, 1002]),
        r.choice([1, 1001, 1002]), r.randint(0, 2**31), r.randint(0, 2**63), r.randint(0, 99),
        r.choice([
            "processed %d rows in %d ms, pid %d" % (r.randint(1, 99999), r.randint(1, 9999), r.randint(1000, 60000)),
            "%s %s done(tablet_id=%d, cost_us=%d)" % (r.choice(WORDS), r.choice(WORDS), r.randint(1, 999999), r.randint(1, 10**7)),
            "tenant memory usage(tenant_id=%d, hold=%d, limit=%d)" % (r.choice([1001, 1002]), r.randint(1, 2**33), 2**34),
        ]))


def mariadb(r, i):
    return "%s %d [%s] %s" % (
        ts_dash(r, i)[:19], r.randint(0, 9999), r.choice(["Note", "Note", "Warning"]),
        r.choice([
            "InnoDB: Buffer pool(s) load completed at %s" % ts_dash(r, i)[:19],
            "mariadbd: ready for connections. Version: '10.11.%d-MariaDB'  socket: '/run/mysqld/mysqld.sock'  port: 3306" % r.randint(1, 9),
            "InnoDB: %d rows of %s flushed in %d ms" % (r.randint(1, 99999), r.choice(TABLES), r.randint(1, 999)),
            "Slave SQL thread initialized, starting replication in log 'mysql-bin.%06d' at position %d" % (r.randint(1, 999), r.randint(4, 10**8)),
            "Event Scheduler: Loaded %d events" % r.randint(0, 50),
        ]))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="file to write")
    p.add_argument("--lines", type=int, default=10000, help="how many lines (default 10000)")
    p.add_argument("--seed", type=int, default=16, help="random seed (default 16)")
    a = p.parse_args()
    r = random.Random(a.seed)
    makers = [obd, ocp, tidb, observer, mariadb]
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        for i in range(a.lines):
            f.write(makers[i % len(makers)](r, i) + "\n")


if __name__ == "__main__":
    main()
