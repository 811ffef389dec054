"""``aidecay org``: replay many repositories at once, results as a Parquet dataset.

``sources`` reads the list of repositories, ``task`` replays one of them in a worker process
(the same ``aidecay.replay`` code as ``aidecay replay``) and encodes its tables (``tables``,
``schema``), an engine (``local``: a process pool; ``ray_engine``: Ray) runs the tasks,
``run`` schedules them and retries failures, ``dataset`` lands each repository's files
atomically, and ``report`` queries the dataset with DuckDB. Needs the ``org`` extra.
"""
