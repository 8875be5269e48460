-- A union's own wording for the reply templates, changed in the console.
-- CreateTable
CREATE TABLE "TemplateOverride" (
    "set" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT,

    CONSTRAINT "TemplateOverride_pkey" PRIMARY KEY ("set","name")
);
