-- Sample shop database used by the demo command.
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE
);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    total_cents INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO customers (id, name, email) VALUES
    (1, 'Ada Lovelace', 'ada@example.com'),
    (2, 'Grace Hopper', 'grace@example.com'),
    (3, 'Margaret Hamilton', 'margaret@example.com'),
    (4, 'Katherine Johnson', 'katherine@example.com'),
    (5, 'Radia Perlman', 'radia@example.com');
INSERT INTO orders (customer_id, total_cents, created_at) VALUES
    (1, 1299, '2024-01-03T10:00:00Z'),
    (1, 4500, '2024-01-09T12:30:00Z'),
    (2, 999, '2024-01-10T08:15:00Z'),
    (2, 15000, '2024-02-01T17:45:00Z'),
    (3, 250, '2024-02-14T09:00:00Z'),
    (3, 7800, '2024-02-20T11:11:00Z'),
    (4, 3100, '2024-03-02T15:20:00Z'),
    (4, 620, '2024-03-05T16:00:00Z'),
    (5, 9900, '2024-03-18T13:40:00Z'),
    (5, 100, '2024-03-21T07:05:00Z'),
    (2, 4200, '2024-04-01T10:10:00Z'),
    (1, 5600, '2024-04-04T18:30:00Z');
