-- Search text is folded now (case, accents and marks, dotless ı: "inan" finds "İnan"), see src/shared/search-text.ts.
-- Rows written before were only lower-cased: fold the common accented letters here; new writes fold every mark.
UPDATE "customers" SET "search_text" = replace(replace(translate("search_text", 'ıçğöşüâîûéèêëáàäãíìïóòôõúùñåý', 'icgosuaiueeeeaaaaiiioooouunay'), chr(775), ''), 'ß', 'ss');
--> statement-breakpoint
UPDATE "orders" SET "search_text" = replace(replace(translate("search_text", 'ıçğöşüâîûéèêëáàäãíìïóòôõúùñåý', 'icgosuaiueeeeaaaaiiioooouunay'), chr(775), ''), 'ß', 'ss');
