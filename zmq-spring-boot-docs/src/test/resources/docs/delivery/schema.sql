create table orders (id varchar(36) primary key, sku varchar(50), quantity int);
create table stock (sku varchar(50) primary key, available int);
insert into stock (sku, available) values ('LAMP-1', 10);
