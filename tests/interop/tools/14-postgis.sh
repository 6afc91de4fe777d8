# PostGIS topology: topology.CreateTopology makes a schema of four tables (face, node,
# edge_data, relation): preset postgis_topology, given that schema.
fresh_db postgis
sql "$DB" "CREATE EXTENSION postgis; CREATE EXTENSION postgis_topology" >/dev/null
create() { sql "$DB" "SELECT topology.CreateTopology('city_data', 4326)"; }
rejected "CreateTopology without the preset is rejected" '4 tables' primary_key create
shows "...and says which preset to enable" "SELECT schemaguard.enable_preset('postgis_topology', 'city_data')"
enable postgis_topology city_data
succeeds "CreateTopology with the preset" create
equals "its four tables are exempt" "edge_data,face,node,relation" \
  "$(sql "$DB" "SELECT string_agg(table_name, ',' ORDER BY 1) FROM schemaguard.exemptions WHERE schema_name = 'city_data'")"
succeeds "a V1 table with a geometry column" sql "$DB" "
  CREATE TABLE parcels (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), shape geometry(Polygon, 4326),
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz);
  CREATE INDEX idx_parcels_shape ON parcels USING gist (shape)"
rejected "a user table in the topology's schema is still checked" city_data.mine primary_key \
  sql "$DB" "CREATE TABLE city_data.mine (id serial PRIMARY KEY)"
equals "no open violations" 0 "$(compliant)"
