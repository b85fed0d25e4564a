-- Which of openmls's stored KeyPackages each record stands for (its hash reference), so an
-- expired KeyPackage's private keys can be deleted (`keys::forget_expired_key_packages`).
-- Records made before have none: their init and leaf keys stay in openmls's table.
ALTER TABLE circle_key_packages ADD COLUMN hash_ref BLOB;
