-- PostgreSQL twin of ../004_meta.sql.
CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
