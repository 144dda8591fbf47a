-- Collection names are canonical from now on (lib/collections/canonical-name.ts): no empty
-- segment, no '/' at either end, no '.' or '..' segment. Names stored before the rule are
-- renamed to their canonical form, empty and '.' segments dropped: 'a//b' -> 'a/b',
-- '/abs' -> 'abs', 'x/' -> 'x', 'a/./b' -> 'a/b'. A name is left as it was when the rename
-- would clash: its canonical form is already an existing collection of the account, or an
-- older odd name of the account has the same canonical form (the oldest wins); also when the
-- canonical form is empty ('.', '/') or the name has a '..' segment (never accepted). README
-- ("Input rules") says how to find and settle those. Chroma's copy of the name (the vectors'
-- `collection` metadata, informational only) keeps the old spelling; Chroma collections are
-- named by the row id, so nothing moves. Running this again changes nothing.
WITH odd AS (
  SELECT c.id, c.account_id, c.created_at,
    array_to_string(ARRAY(
      SELECT t.s FROM unnest(string_to_array(c.name, '/')) WITH ORDINALITY AS t(s, i)
      WHERE t.s <> '' AND t.s <> '.'
      ORDER BY t.i
    ), '/') AS canonical
  FROM "collections" c
  WHERE (c.name LIKE '/%' OR c.name LIKE '%/' OR c.name LIKE '%//%' OR ('/' || c.name || '/') LIKE '%/./%')
    AND ('/' || c.name || '/') NOT LIKE '%/../%'
),
ranked AS (
  SELECT odd.*, row_number() OVER (PARTITION BY odd.account_id, odd.canonical ORDER BY odd.created_at, odd.id) AS rn
  FROM odd
  WHERE odd.canonical <> ''
)
UPDATE "collections" c
SET name = r.canonical
FROM ranked r
WHERE c.id = r.id
  AND r.rn = 1
  AND NOT EXISTS (SELECT 1 FROM "collections" o WHERE o.account_id = r.account_id AND o.name = r.canonical);
