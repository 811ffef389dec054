"""Error-handling conventions: bare/broad/swallowing handlers and print in logging modules."""

from __future__ import annotations

from textwrap import dedent

from aidecay.analysis.conventions import (
    ERROR_HANDLING,
    ConventionSettings,
    ConventionThresholds,
    check_conventions,
)
from aidecay.core.settings import ErrorThresholds, Norm
from factories import AI, compose


def errors(source: str, spans, region, **kwargs):
    return [
        f for f in check_conventions(source, spans, region, **kwargs) if f.code == ERROR_HANDLING
    ]


def flagged(source: str, findings) -> list[str]:
    return [source[f.start : f.end] for f in findings]


SYNC_WORKER = '''\
    """Synchronise customer records from the CRM into the local database."""

    import json
    import logging
    import sqlite3
    import urllib.error
    import urllib.request

    logger = logging.getLogger(__name__)


    class SyncError(RuntimeError):
        """A batch could not be synchronised."""


    def fetch_batch(api_url, cursor):
        try:
            with urllib.request.urlopen(f"{api_url}?cursor={cursor}", timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            logger.warning("CRM returned %s for cursor %s", exc.code, cursor)
            raise SyncError(f"batch {cursor} failed") from exc
        except (urllib.error.URLError, TimeoutError) as exc:
            logger.error("CRM unreachable: %s", exc)
            raise


    def store_batch(conn, records):
        try:
            conn.executemany(
                "INSERT OR REPLACE INTO customers (id, name, email) VALUES (?, ?, ?)",
                [(r["id"], r["name"], r["email"]) for r in records],
            )
            conn.commit()
        except sqlite3.IntegrityError:
            conn.rollback()
            logger.exception("integrity error while storing %d records", len(records))
            raise
        logger.info("stored %d records", len(records))


    def run_sync(api_url, db_path):
        conn = sqlite3.connect(db_path)
        cursor = None
        while True:
            batch = fetch_batch(api_url, cursor)
            store_batch(conn, batch["records"])
            cursor = batch.get("next")
            if not cursor:
                break
        logger.info("sync complete")
'''

SLOPPY_RETRY = AI("""

    def sync_with_retry(api_url, db_path, attempts=3):
        for attempt in range(attempts):
            try:
                run_sync(api_url, db_path)
                print("sync finished on attempt", attempt + 1)
                return True
            except:
                print("sync failed, retrying")
        return False
""")


def test_bare_except_and_print_in_logging_module_are_flagged():
    source, spans = compose(SYNC_WORKER, SLOPPY_RETRY)
    findings = errors(source, spans, spans[0])
    assert flagged(source, findings) == ["print", "except", "print"]
    bare = findings[1]
    assert bare.message == (
        "'except:' is bare (catches everything, even KeyboardInterrupt); the human code of "
        "this module never does that (0 of 3 exception handlers)"
    )
    assert bare.evidence == {
        "issues": ["bare"],
        "human_handlers": 3,
        "human_matching": 0,
        "scope": "module",
    }
    assert findings[0].message == (
        "print() call; the human code of this module logs instead (5 logging calls, 0 print calls)"
    )


def test_idiomatic_region_is_not_flagged():
    source, spans = compose(
        SYNC_WORKER,
        AI("""

        def sync_with_retry(api_url, db_path, attempts=3):
            for attempt in range(attempts):
                try:
                    run_sync(api_url, db_path)
                    logger.info("sync finished on attempt %d", attempt + 1)
                    return True
                except SyncError:
                    logger.warning("sync attempt %d failed", attempt + 1)
            return False
        """),
    )
    assert errors(source, spans, spans[0]) == []


def test_broad_and_swallowing_handlers():
    source, spans = compose(
        SYNC_WORKER,
        AI("""

        def count_customers(db_path):
            try:
                conn = sqlite3.connect(db_path)
                return conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
            except Exception:
                return 0


        def count_or_report(db_path):
            try:
                return count_customers(db_path)
            except Exception as exc:
                logger.error("cannot count customers: %s", exc)
                return 0


        def drop_stale(conn, customer_id):
            try:
                conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))
            except sqlite3.OperationalError:
                pass


        def checked_count(db_path):
            try:
                return count_customers(db_path)
            except Exception:
                logger.exception("count failed")
                raise
        """),
    )
    findings = errors(source, spans, spans[0])
    assert flagged(source, findings) == ["except Exception", "except sqlite3.OperationalError"]
    assert findings[0].evidence["issues"] == ["broad"]
    assert "'except Exception' catches Exception without re-raising" in findings[0].message
    # A broad handler that reports what it caught (count_or_report) is handling it.
    assert findings[1].evidence["issues"] == ["swallowed"]
    assert "silently swallows the exception" in findings[1].message


def test_human_code_doing_the_same_is_not_flagged():
    lenient_worker = (
        SYNC_WORKER
        + """

    def close_quietly(conn):
        try:
            conn.close()
        except:
            pass


    def report(count):
        print(f"synced {count} customers")
    """
    )
    source, spans = compose(lenient_worker, SLOPPY_RETRY)
    assert errors(source, spans, spans[0]) == []


def test_print_without_logging_convention_is_fine():
    source, spans = compose(
        """\
        import json


        def load_fixture(path):
            with open(path) as handle:
                return json.load(handle)
        """,
        AI("""

        def show_fixture(path):
            fixture = load_fixture(path)
            print(json.dumps(fixture, indent=2))
        """),
    )
    assert errors(source, spans, spans[0]) == []


def test_print_in_main_guard_is_fine():
    source, spans = compose(
        SYNC_WORKER,
        AI("""

        if __name__ == "__main__":
            import sys

            run_sync(sys.argv[1], sys.argv[2])
            print("done")
        """),
    )
    assert errors(source, spans, spans[0]) == []


def test_ai_handlers_do_not_count_as_human_precedent():
    source, spans = compose(
        SYNC_WORKER,
        AI("""

        def ping(api_url):
            try:
                urllib.request.urlopen(api_url, timeout=5)
            except:
                return False
            return True
        """),
        SLOPPY_RETRY,
    )
    findings = errors(source, spans, spans[1])
    assert "except" in flagged(source, findings)
    assert "(0 of 3 exception handlers)" in findings[1].message


def test_no_human_handlers_means_no_handler_convention():
    source, spans = compose(
        """\
        import logging

        log = logging.getLogger("jobs")


        def start_job(job):
            log.info("starting %s", job.name)
            job.start()
        """,
        AI("""

        def stop_job(job):
            try:
                job.stop()
            except:
                pass
        """),
    )
    assert errors(source, spans, spans[0]) == []
    strict = ConventionSettings(
        thresholds=ConventionThresholds(errors=ErrorThresholds(handlers=Norm(0, 1.0)))
    )
    findings = errors(source, spans, spans[0], settings=strict)
    assert findings[0].evidence["issues"] == ["bare", "swallowed"]


def test_syntax_error_elsewhere_and_disabled_code():
    broken = (
        SYNC_WORKER
        + """

    def purge(conn):
        conn.execute("DELETE FROM customers"
    """
    )
    source, spans = compose(broken, SLOPPY_RETRY)
    assert flagged(source, errors(source, spans, spans[0])) == ["print", "except", "print"]
    off = ConventionSettings(disabled=frozenset({ERROR_HANDLING}))
    assert errors(source, spans, spans[0], settings=off) == []


IDIOMS = AI("""

    try:
        import ujson as fast_json
    except ImportError:
        fast_json = None

    try:
        import simplejson
    except ImportError:
        pass


    class Connection:
        def close(self):
            try:
                self.sock.close()
            except Exception:
                pass

        def __del__(self):
            try:
                self.close()
            except:
                pass


    def first_parseable(lines):
        for line in lines:
            try:
                return json.loads(line)
            except ValueError:
                continue


    def show_progress(done, total):
        try:
            sys.stdout.write(f"{done}/{total}\\r")
            sys.stdout.flush()
        except (BrokenPipeError, OSError):
            pass
""")


def test_well_known_idioms_are_not_divergence():
    source, spans = compose(SYNC_WORKER, IDIOMS)
    assert errors(source, spans, spans[0]) == []


def test_a_handful_of_handlers_is_no_convention_but_siblings_can_make_one():
    few = """\
        import logging

        log = logging.getLogger(__name__)


        def parse_port(text):
            try:
                return int(text)
            except ValueError:
                raise SystemExit(f"bad port {text!r}") from None
        """
    careless = AI("""

        def read_port(path):
            try:
                return parse_port(open(path).read())
            except Exception:
                return 8080
        """)
    source, spans = compose(few, careless)
    assert errors(source, spans, spans[0]) == []
    sibling = dedent(SYNC_WORKER)
    findings = errors(source, spans, spans[0], siblings=[sibling])
    assert [f.evidence["scope"] for f in findings] == ["package"]
    assert "the human code of this package never does that (0 of 4 exception handlers)" in (
        findings[0].message
    )
