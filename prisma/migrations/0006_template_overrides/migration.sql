-- A union's own wording for the reply templates, changed in the console.
-- CreateTable
CREATE TABLE "TemplateOverride" (
    "set" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT,

    PRIMARY KEY ("set", "name")
);
