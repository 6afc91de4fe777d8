-- Keep updated_at true: a BEFORE UPDATE trigger on every table of the application schemas.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname IN ('public', 'analytics')
    LOOP
        EXECUTE format('CREATE TRIGGER touch_updated_at BEFORE UPDATE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION schemaguard.touch_updated_at()', t);
    END LOOP;
END
$$;
