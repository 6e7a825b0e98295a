-- Drops the tables of zmq-spring-boot's at-least-once delivery for MySQL (default table prefix "zmq_").

drop table if exists zmq_dead_letter;

drop table if exists zmq_processed;

drop table if exists zmq_outbox;
