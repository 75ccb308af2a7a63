-- can the login see the replicas?
SELECT CAST(HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') AS int) AS can_see_replicas;

-- the primary's and each secondary's last commit LSN
SELECT d.is_local, r.replica_server_name, d.last_commit_lsn
FROM sys.dm_hadr_database_replica_states AS d
JOIN sys.availability_replicas AS r ON r.replica_id = d.replica_id
WHERE d.database_id = DB_ID();
