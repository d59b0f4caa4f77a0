"""The medication matcher's lookup tables (generated: do not edit).

Written by ``python -m acumat.medications.generate`` from
:mod:`acumat.medications.catalogue`; :mod:`acumat.medications.match` loads them.
"""

#: The digest of the sources these tables were computed from (see match.source_digest)
SOURCES = '5b45e3d0a589a2b3017ab10b28c77867'

#: (catalogue name, index of its drug in CATALOGUE, has several words)
NAMES: tuple[tuple[str, int, bool], ...] = (
    ('dicoumarol', 0, False),  # 0
    ('dicumarol', 0, False),  # 1
    ('dicoumarolum', 0, False),  # 2
    ('phenindione', 1, False),  # 3
    ('Dindevan', 1, False),  # 4
    ('fenindiona', 1, False),  # 5
    ('phenindion', 1, False),  # 6
    ('warfarin', 2, False),  # 7
    ('Coumadin', 2, False),  # 8
    ('Coumadine', 2, False),  # 9
    ('Jantoven', 2, False),  # 10
    ('Marevan', 2, False),  # 11
    ('Waran', 2, False),  # 12
    ('Aldocumar', 2, False),  # 13
    ('Uniwarfin', 2, False),  # 14
    ('Warf', 2, False),  # 15
    ('warfarin sodium', 2, False),  # 16
    ('warfarine', 2, False),  # 17
    ('warfarina', 2, False),  # 18
    ('varfarina', 2, False),  # 19
    ('warfaryna', 2, False),  # 20
    ('varfarin', 2, False),  # 21
    ('varfariini', 2, False),  # 22
    ('warfarinum', 2, False),  # 23
    ('phenprocoumon', 3, False),  # 24
    ('Marcumar', 3, False),  # 25
    ('Marcoumar', 3, False),  # 26
    ('Falithrom', 3, False),  # 27
    ('Liquamar', 3, False),  # 28
    ('fenprocoumon', 3, False),  # 29
    ('fenprocumona', 3, False),  # 30
    ('fenprocumone', 3, False),  # 31
    ('phenprocoumone', 3, False),  # 32
    ('fenprokumon', 3, False),  # 33
    ('acenocoumarol', 4, False),  # 34
    ('Sintrom', 4, False),  # 35
    ('Sinthrome', 4, False),  # 36
    ('Mini-Sintrom', 4, True),  # 37
    ('Acitrom', 4, False),  # 38
    ('acenocumarol', 4, False),  # 39
    ('acenocumarolo', 4, False),  # 40
    ('acenokumarol', 4, False),  # 41
    ('nicoumalone', 4, False),  # 42
    ('acenocoumarolum', 4, False),  # 43
    ('аценокумарол', 4, False),  # 44
    ('ethyl biscoumacetate', 5, True),  # 45
    ('Tromexan', 5, False),  # 46
    ('clorindione', 6, False),  # 47
    ('diphenadione', 7, False),  # 48
    ('tioclomarol', 8, False),  # 49
    ('fluindione', 9, False),  # 50
    ('Previscan', 9, False),  # 51
    ('fluindiona', 9, False),  # 52
    ('heparin', 10, False),  # 53
    ('Calciparine', 10, False),  # 54
    ('Monoparin', 10, False),  # 55
    ('Multiparin', 10, False),  # 56
    ('Liquemin', 10, False),  # 57
    ('Heparin Leo', 10, True),  # 58
    ('heparin sodium', 10, False),  # 59
    ('heparin calcium', 10, True),  # 60
    ('unfractionated heparin', 10, True),  # 61
    ('heparine', 10, False),  # 62
    ('heparina', 10, False),  # 63
    ('eparina', 10, False),  # 64
    ('hepariini', 10, False),  # 65
    ('heparyna', 10, False),  # 66
    ('heparinum', 10, False),  # 67
    ('гепарин', 10, False),  # 68
    ('antithrombin III', 11, True),  # 69
    ('Kybernin', 11, False),  # 70
    ('Thrombate', 11, False),  # 71
    ('Atenativ', 11, False),  # 72
    ('Anbinex', 11, False),  # 73
    ('antithrombin', 11, False),  # 74
    ('antithrombine', 11, False),  # 75
    ('antitrombina', 11, False),  # 76
    ('antithrombin alfa', 12, True),  # 77
    ('ATryn', 12, False),  # 78
    ('dalteparin', 13, False),  # 79
    ('Fragmin', 13, False),  # 80
    ('dalteparine', 13, False),  # 81
    ('dalteparina', 13, False),  # 82
    ('dalteparin sodium', 13, False),  # 83
    ('dalteparyna', 13, False),  # 84
    ('enoxaparin', 14, False),  # 85
    ('Lovenox', 14, False),  # 86
    ('Clexane', 14, False),  # 87
    ('Klexane', 14, False),  # 88
    ('Inhixa', 14, False),  # 89
    ('Thorinane', 14, False),  # 90
    ('enoxaparine', 14, False),  # 91
    ('enoxaparina', 14, False),  # 92
    ('enoxaparin sodium', 14, False),  # 93
    ('enoksaparyna', 14, False),  # 94
    ('enoksaparin', 14, False),  # 95
    ('enoksapariini', 14, False),  # 96
    ('nadroparin', 15, False),  # 97
    ('Fraxiparine', 15, False),  # 98
    ('Fraxiparin', 15, False),  # 99
    ('Fraxodi', 15, False),  # 100
    ('nadroparine', 15, False),  # 101
    ('nadroparina', 15, False),  # 102
    ('nadroparin calcium', 15, True),  # 103
    ('nadroparyna', 15, False),  # 104
    ('parnaparin', 16, False),  # 105
    ('Fluxum', 16, False),  # 106
    ('parnaparina', 16, False),  # 107
    ('reviparin', 17, False),  # 108
    ('Clivarin', 17, False),  # 109
    ('Clivarine', 17, False),  # 110
    ('reviparina', 17, False),  # 111
    ('danaparoid', 18, False),  # 112
    ('Orgaran', 18, False),  # 113
    ('danaparoide', 18, False),  # 114
    ('tinzaparin', 19, False),  # 115
    ('Innohep', 19, False),  # 116
    ('Logiparin', 19, False),  # 117
    ('tinzaparine', 19, False),  # 118
    ('tinzaparina', 19, False),  # 119
    ('tinzaparin sodium', 19, False),  # 120
    ('sulodexide', 20, False),  # 121
    ('Vessel Due F', 20, True),  # 122
    ('Vessel Due', 20, True),  # 123
    ('sulodexid', 20, False),  # 124
    ('sulodexida', 20, False),  # 125
    ('bemiparin', 21, False),  # 126
    ('Hibor', 21, False),  # 127
    ('Zibor', 21, False),  # 128
    ('bemiparina', 21, False),  # 129
    ('bemiparine', 21, False),  # 130
    ('certoparin', 22, False),  # 131
    ('Mono-Embolex', 22, True),  # 132
    ('certoparina', 22, False),  # 133
    ('ditazole', 23, False),  # 134
    ('cloricromen', 24, False),  # 135
    ('picotamide', 25, False),  # 136
    ('Plactidil', 25, False),  # 137
    ('picotamida', 25, False),  # 138
    ('clopidogrel', 26, False),  # 139
    ('Plavix', 26, False),  # 140
    ('Iscover', 26, False),  # 141
    ('Grepid', 26, False),  # 142
    ('Zyllt', 26, False),  # 143
    ('Clopilet', 26, False),  # 144
    ('Clopivas', 26, False),  # 145
    ('Deplatt', 26, False),  # 146
    ('Ceruvin', 26, False),  # 147
    ('Clopitab', 26, False),  # 148
    ('clopidogrel bisulfate', 26, True),  # 149
    ('clopidogrel hydrogen sulfate', 26, True),  # 150
    ('clopidogrel besilate', 26, True),  # 151
    ('clopidogrelum', 26, False),  # 152
    ('klopidogrel', 26, False),  # 153
    ('klopidogreeli', 26, False),  # 154
    ('ticlopidine', 27, False),  # 155
    ('Ticlid', 27, False),  # 156
    ('Tiklid', 27, False),  # 157
    ('Tiklyd', 27, False),  # 158
    ('ticlopidina', 27, False),  # 159
    ('tiklopidin', 27, False),  # 160
    ('tiklopidyna', 27, False),  # 161
    ('acetylsalicylic acid', 28, True),  # 162
    ('Aspirin Protect', 28, True),  # 163
    ('Aspirin Cardio', 28, True),  # 164
    ('Herz ASS', 28, True),  # 165
    ('Thrombo ASS', 28, True),  # 166
    ('ASS ratiopharm', 28, True),  # 167
    ('Godamed', 28, False),  # 168
    ('Nu-Seals', 28, True),  # 169
    ('Caprin', 28, False),  # 170
    ('Micropirin', 28, False),  # 171
    ('Disprin CV', 28, True),  # 172
    ('Ecotrin', 28, False),  # 173
    ('Halfprin', 28, False),  # 174
    ('Durlaza', 28, False),  # 175
    ('Vazalore', 28, False),  # 176
    ('Asaphen', 28, False),  # 177
    ('Entrophen', 28, False),  # 178
    ('Novasen', 28, False),  # 179
    ('St Joseph', 28, True),  # 180
    ('Cardiprin', 28, False),  # 181
    ('Astrix', 28, False),  # 182
    ('Cartia', 28, False),  # 183
    ('Spren', 28, False),  # 184
    ('Solprin', 28, False),  # 185
    ('Kardégic', 28, False),  # 186
    ('Resitune', 28, False),  # 187
    ('Adiro', 28, False),  # 188
    ('Tromalyt', 28, False),  # 189
    ('Cardioaspirin', 28, False),  # 190
    ('Cardioaspirina', 28, False),  # 191
    ('Cardirene', 28, False),  # 192
    ('Aspirinetta', 28, False),  # 193
    ('Magnyl', 28, False),  # 194
    ('Hjertemagnyl', 28, False),  # 195
    ('Albyl-E', 28, True),  # 196
    ('Albyl minor', 28, True),  # 197
    ('Trombyl', 28, False),  # 198
    ('Primaspan', 28, False),  # 199
    ('Acard', 28, False),  # 200
    ('Polocard', 28, False),  # 201
    ('Anopyrin', 28, False),  # 202
    ('Cardiomagnyl', 28, False),  # 203
    ('Ecosprin', 28, False),  # 204
    ('Loprin', 28, False),  # 205
    ('Colsprin', 28, False),  # 206
    ('Aspocid', 28, False),  # 207
    ('ECASA', 28, False),  # 208
    ('Zorprin', 28, False),  # 209
    ('Bayer Low Dose', 28, False),  # 210
    ('aspirin', 28, False),  # 211
    ('baby aspirin', 28, True),  # 212
    ('low dose aspirin', 28, False),  # 213
    ('acetylsalicylic', 28, False),  # 214
    ('acetyl salicylic acid', 28, True),  # 215
    ('asa', 28, False),  # 216
    ('ass', 28, False),  # 217
    ('aas', 28, False),  # 218
    ('ask', 28, False),  # 219
    ('lysine acetylsalicylate', 28, True),  # 220
    ('acetylsalicylate', 28, False),  # 221
    ('aspirine', 28, False),  # 222
    ('aspirina', 28, False),  # 223
    ('aspiryna', 28, False),  # 224
    ('aspiriini', 28, False),  # 225
    ('acide acetylsalicylique', 28, True),  # 226
    ('acetylsalicylate de lysine', 28, True),  # 227
    ('acetylsalicylsaure', 28, False),  # 228
    ('acido acetilsalicilico', 28, True),  # 229
    ('acetilsalicilico', 28, False),  # 230
    ('acetylsalicylzuur', 28, False),  # 231
    ('acetosal', 28, False),  # 232
    ('acetylsalicylsyra', 28, False),  # 233
    ('acetylsalicylsyre', 28, False),  # 234
    ('acetylsalisylsyre', 28, False),  # 235
    ('asetyylisalisyylihappo', 28, False),  # 236
    ('kwas acetylosalicylowy', 28, True),  # 237
    ('kyselina acetylsalicylova', 28, True),  # 238
    ('acetilsalicilna kiselina', 28, True),  # 239
    ('acidum acetylsalicylicum', 28, True),  # 240
    ('ацетилсалициловая кислота', 28, True),  # 241
    ('Кардиомагнил', 28, False),  # 242
    ('Тромбо АСС', 28, True),  # 243
    ('аспирин', 28, False),  # 244
    ('dipyridamole', 29, False),  # 245
    ('Persantine', 29, False),  # 246
    ('Persantin', 29, False),  # 247
    ('dipyridamol', 29, False),  # 248
    ('dipiridamol', 29, False),  # 249
    ('dipiridamolo', 29, False),  # 250
    ('dipyridamoli', 29, False),  # 251
    ('dipirydamol', 29, False),  # 252
    ('carbasalate calcium', 30, True),  # 253
    ('Ascal', 30, False),  # 254
    ('carbasalaatcalcium', 30, False),  # 255
    ('carbasalate', 30, False),  # 256
    ('calcium carbasalate', 30, True),  # 257
    ('carbasalat calcium', 30, True),  # 258
    ('epoprostenol', 31, False),  # 259
    ('Flolan', 31, False),  # 260
    ('Veletri', 31, False),  # 261
    ('epoprostenolo', 31, False),  # 262
    ('indobufen', 32, False),  # 263
    ('Ibustrin', 32, False),  # 264
    ('indobufene', 32, False),  # 265
    ('iloprost', 33, False),  # 266
    ('Ventavis', 33, False),  # 267
    ('Ilomedin', 33, False),  # 268
    ('Ilomedine', 33, False),  # 269
    ('iloprosto', 33, False),  # 270
    ('abciximab', 34, False),  # 271
    ('ReoPro', 34, False),  # 272
    ('aloxiprin', 35, False),  # 273
    ('aloxiprine', 35, False),  # 274
    ('eptifibatide', 36, False),  # 275
    ('Integrilin', 36, False),  # 276
    ('eptifibatida', 36, False),  # 277
    ('eptifibatid', 36, False),  # 278
    ('tirofiban', 37, False),  # 279
    ('Aggrastat', 37, False),  # 280
    ('tirofibano', 37, False),  # 281
    ('triflusal', 38, False),  # 282
    ('Disgren', 38, False),  # 283
    ('beraprost', 39, False),  # 284
    ('treprostinil', 40, False),  # 285
    ('Remodulin', 40, False),  # 286
    ('Tyvaso', 40, False),  # 287
    ('Orenitram', 40, False),  # 288
    ('treprostinilo', 40, False),  # 289
    ('prasugrel', 41, False),  # 290
    ('Effient', 41, False),  # 291
    ('Efient', 41, False),  # 292
    ('prasugrelum', 41, False),  # 293
    ('cilostazol', 42, False),  # 294
    ('Pletal', 42, False),  # 295
    ('Pletaal', 42, False),  # 296
    ('cilostazolo', 42, False),  # 297
    ('цилостазол', 42, False),  # 298
    ('ticagrelor', 43, False),  # 299
    ('Brilinta', 43, False),  # 300
    ('Brilique', 43, False),  # 301
    ('Possia', 43, False),  # 302
    ('Axcer', 43, False),  # 303
    ('tikagrelor', 43, False),  # 304
    ('ticagrelorum', 43, False),  # 305
    ('cangrelor', 44, False),  # 306
    ('Kengreal', 44, False),  # 307
    ('Kengrexal', 44, False),  # 308
    ('vorapaxar', 45, False),  # 309
    ('Zontivity', 45, False),  # 310
    ('selexipag', 46, False),  # 311
    ('Uptravi', 46, False),  # 312
    ('limaprost', 47, False),  # 313
    ('aspirin and dipyridamole', 48, True),  # 314
    ('Aggrenox', 48, False),  # 315
    ('Asasantin', 48, False),  # 316
    ('Asasantin Retard', 48, False),  # 317
    ('acetylsalicylic acid and dipyridamole', 48, True),  # 318
    ('aspirin dipyridamole', 48, True),  # 319
    ('dipyridamole aspirin', 48, True),  # 320
    ('dipyridamole and acetylsalicylic acid', 48, True),  # 321
    ('clopidogrel and acetylsalicylic acid', 49, True),  # 322
    ('DuoPlavin', 49, False),  # 323
    ('DuoCover', 49, False),  # 324
    ('CoPlavix', 49, False),  # 325
    ('Clopilet A', 49, True),  # 326
    ('Deplatt A', 49, True),  # 327
    ('Ceruvin A', 49, True),  # 328
    ('Clopitab A', 49, True),  # 329
    ('clopidogrel aspirin', 49, True),  # 330
    ('clopidogrel and aspirin', 49, True),  # 331
    ('clopidogrel asa', 49, True),  # 332
    ('aspirin clopidogrel', 49, True),  # 333
    ('acetylsalicylic acid and omeprazole', 50, True),  # 334
    ('Yosprala', 50, False),  # 335
    ('aspirin omeprazole', 50, True),  # 336
    ('acetylsalicylic acid and atorvastatin', 51, True),  # 337
    ('Ecosprin AV', 51, True),  # 338
    ('aspirin atorvastatin', 51, True),  # 339
    ('acetylsalicylic acid (pain relief)', 52, True),  # 340
    ('Aspro', 52, False),  # 341
    ('Aspro Clear', 52, True),  # 342
    ('Disprin', 52, False),  # 343
    ('Aspirin N', 52, True),  # 344
    ('Aspégic', 52, False),  # 345
    ('Bufferin', 52, False),  # 346
    ('Ascriptin', 52, False),  # 347
    ('Bamyl', 52, False),  # 348
    ('Magnecyl', 52, False),  # 349
    ('Albyl', 52, False),  # 350
    ('Polopiryna', 52, False),  # 351
    ('Alka-Seltzer', 52, True),  # 352
    ('lysine aspirin', 52, True),  # 353
    ('acetylsalicylic acid combinations', 53, True),  # 354
    ('Excedrin', 53, False),  # 355
    ('Anacin', 53, False),  # 356
    ('Anadin', 53, False),  # 357
    ('Anadin Extra', 53, True),  # 358
    ('Thomapyrin', 53, False),  # 359
    ('Treo', 53, False),  # 360
    ('Aspirin Complex', 53, True),  # 361
    ('Aspirin Plus C', 53, True),  # 362
    ("Goody's", 53, True),  # 363
    ('BC Powder', 53, True),  # 364
    ('aspirin caffeine', 53, True),  # 365
    ('aspirin paracetamol', 53, True),  # 366
    ('aspirin acetaminophen', 53, True),  # 367
    ('streptokinase', 54, False),  # 368
    ('Streptase', 54, False),  # 369
    ('Kabikinase', 54, False),  # 370
    ('estreptoquinasa', 54, False),  # 371
    ('alteplase', 55, False),  # 372
    ('Actilyse', 55, False),  # 373
    ('Activase', 55, False),  # 374
    ('Cathflo Activase', 55, True),  # 375
    ('rt-pa', 55, True),  # 376
    ('tissue plasminogen activator', 55, True),  # 377
    ('alteplasa', 55, False),  # 378
    ('anistreplase', 56, False),  # 379
    ('Eminase', 56, False),  # 380
    ('urokinase', 57, False),  # 381
    ('Kinlytic', 57, False),  # 382
    ('Ukidan', 57, False),  # 383
    ('uroquinasa', 57, False),  # 384
    ('urochinasi', 57, False),  # 385
    ('fibrinolysin', 58, False),  # 386
    ('brinase', 59, False),  # 387
    ('reteplase', 60, False),  # 388
    ('Rapilysin', 60, False),  # 389
    ('Retavase', 60, False),  # 390
    ('reteplasa', 60, False),  # 391
    ('saruplase', 61, False),  # 392
    ('ancrod', 62, False),  # 393
    ('drotrecogin alfa (activated)', 63, True),  # 394
    ('Xigris', 63, False),  # 395
    ('drotrecogin alfa', 63, True),  # 396
    ('tenecteplase', 64, False),  # 397
    ('Metalyse', 64, False),  # 398
    ('TNKase', 64, False),  # 399
    ('tenecteplasa', 64, False),  # 400
    ('protein C', 65, True),  # 401
    ('Ceprotin', 65, False),  # 402
    ('protein c concentrate', 65, True),  # 403
    ('apadamtase alfa and cinaxadamtase alfa', 66, True),  # 404
    ('Adzynma', 66, False),  # 405
    ('apadamtase alfa', 66, True),  # 406
    ('desirudin', 67, False),  # 407
    ('Iprivask', 67, False),  # 408
    ('Revasc', 67, False),  # 409
    ('lepirudin', 68, False),  # 410
    ('Refludan', 68, False),  # 411
    ('argatroban', 69, False),  # 412
    ('Argatra', 69, False),  # 413
    ('Exembol', 69, False),  # 414
    ('melagatran', 70, False),  # 415
    ('ximelagatran', 71, False),  # 416
    ('Exanta', 71, False),  # 417
    ('bivalirudin', 72, False),  # 418
    ('Angiomax', 72, False),  # 419
    ('Angiox', 72, False),  # 420
    ('bivalirudina', 72, False),  # 421
    ('dabigatran', 73, False),  # 422
    ('Pradaxa', 73, False),  # 423
    ('Pradax', 73, False),  # 424
    ('dabigatran etexilate', 73, True),  # 425
    ('dabigatran etexilat', 73, True),  # 426
    ('dabigatrano', 73, False),  # 427
    ('dabigatranum', 73, False),  # 428
    ('rivaroxaban', 74, False),  # 429
    ('Xarelto', 74, False),  # 430
    ('rivaroxabanum', 74, False),  # 431
    ('rivaroksaban', 74, False),  # 432
    ('rivaroxabana', 74, False),  # 433
    ('apixaban', 75, False),  # 434
    ('Eliquis', 75, False),  # 435
    ('apixabanum', 75, False),  # 436
    ('apiksaban', 75, False),  # 437
    ('apixabana', 75, False),  # 438
    ('edoxaban', 76, False),  # 439
    ('Savaysa', 76, False),  # 440
    ('Lixiana', 76, False),  # 441
    ('Roteas', 76, False),  # 442
    ('edoxabanum', 76, False),  # 443
    ('edoksaban', 76, False),  # 444
    ('edoxaban tosilate', 76, True),  # 445
    ('betrixaban', 77, False),  # 446
    ('Bevyxxa', 77, False),  # 447
    ('rivaroxaban and acetylsalicylic acid', 78, True),  # 448
    ('rivaroxaban aspirin', 78, True),  # 449
    ('defibrotide', 79, False),  # 450
    ('Defitelio', 79, False),  # 451
    ('defibrotida', 79, False),  # 452
    ('dermatan sulfate', 80, True),  # 453
    ('dermatan sulphate', 80, True),  # 454
    ('fondaparinux', 81, False),  # 455
    ('Arixtra', 81, False),  # 456
    ('Quixidar', 81, False),  # 457
    ('fondaparinux sodium', 81, False),  # 458
    ('fondaparinuks', 81, False),  # 459
    ('fondaparinuxum', 81, False),  # 460
    ('caplacizumab', 82, False),  # 461
    ('Cablivi', 82, False),  # 462
    ('unspecified anticoagulant', 83, True),  # 463
    ('blood thinner', 83, True),  # 464
    ('blood thinners', 83, True),  # 465
    ('blood thinning', 83, True),  # 466
    ('blood thinning medication', 83, True),  # 467
    ('anticoagulant', 83, False),  # 468
    ('anticoagulants', 83, False),  # 469
    ('anticoagulation', 83, False),  # 470
    ('thinner', 83, False),  # 471
    ('thinners', 83, False),  # 472
    ('doac', 83, False),  # 473
    ('noac', 83, False),  # 474
    ('vitamin k antagonist', 83, True),  # 475
    ('low molecular weight heparin', 83, True),  # 476
    ('lmwh', 83, False),  # 477
    ('blutverdunner', 83, False),  # 478
    ('blutverdunnung', 83, False),  # 479
    ('gerinnungshemmer', 83, False),  # 480
    ('antikoagulans', 83, False),  # 481
    ('antikoagulantien', 83, False),  # 482
    ('anticoagulante', 83, False),  # 483
    ('anticoagulantes', 83, False),  # 484
    ('anticoagulanti', 83, False),  # 485
    ('fluidifiant', 83, False),  # 486
    ('fluidificante', 83, False),  # 487
    ('bloedverdunner', 83, False),  # 488
    ('bloedverdunners', 83, False),  # 489
    ('antistolling', 83, False),  # 490
    ('blodfortynnende', 83, False),  # 491
    ('blodfortyndende', 83, False),  # 492
    ('blodfortunnande', 83, False),  # 493
    ('verenohennuslaake', 83, False),  # 494
    ('antykoagulant', 83, False),  # 495
    ('lek przeciwzakrzepowy', 83, True),  # 496
    ('unspecified antiplatelet', 84, True),  # 497
    ('antiplatelet', 84, False),  # 498
    ('antiplatelets', 84, False),  # 499
    ('antiplatelet agent', 84, True),  # 500
    ('platelet inhibitor', 84, True),  # 501
    ('thrombozytenaggregationshemmer', 84, False),  # 502
    ('thrombozytenhemmer', 84, False),  # 503
    ('plattchenhemmer', 84, False),  # 504
    ('antiagregante', 84, False),  # 505
    ('antiagregante plaquetario', 84, True),  # 506
    ('antiaggregante', 84, False),  # 507
    ('antiaggregante piastrinico', 84, True),  # 508
    ('antiagregant plaquettaire', 84, True),  # 509
    ('antiagregant', 84, False),  # 510
    ('trombocytaggregationshammare', 84, False),  # 511
    ('plaatjesremmer', 84, False),  # 512
)

#: read words joined -> index into NAMES
EXACT: dict[str, int] = {
    'dicoumarol': 0,
    'dicumarol': 1,
    'dicoumarolum': 2,
    'phenindione': 3,
    'dindevan': 4,
    'fenindiona': 5,
    'phenindion': 6,
    'warfarin': 7,
    'coumadin': 8,
    'coumadine': 9,
    'jantoven': 10,
    'marevan': 11,
    'waran': 12,
    'aldocumar': 13,
    'uniwarfin': 14,
    'warf': 15,
    'warfarine': 17,
    'warfarina': 18,
    'varfarina': 19,
    'warfaryna': 20,
    'varfarin': 21,
    'varfariini': 22,
    'warfarinum': 23,
    'phenprocoumon': 24,
    'marcumar': 25,
    'marcoumar': 26,
    'falithrom': 27,
    'liquamar': 28,
    'fenprocoumon': 29,
    'fenprocumona': 30,
    'fenprocumone': 31,
    'phenprocoumone': 32,
    'fenprokumon': 33,
    'acenocoumarol': 34,
    'sintrom': 35,
    'sinthrome': 36,
    'minisintrom': 37,
    'acitrom': 38,
    'acenocumarol': 39,
    'acenocumarolo': 40,
    'acenokumarol': 41,
    'nicoumalone': 42,
    'acenocoumarolum': 43,
    'atsenokumarol': 44,
    'ethylbiscoumacetate': 45,
    'tromexan': 46,
    'clorindione': 47,
    'diphenadione': 48,
    'tioclomarol': 49,
    'fluindione': 50,
    'previscan': 51,
    'fluindiona': 52,
    'heparin': 53,
    'calciparine': 54,
    'monoparin': 55,
    'multiparin': 56,
    'liquemin': 57,
    'heparinleo': 58,
    'heparincalcium': 60,
    'unfractionatedheparin': 61,
    'heparine': 62,
    'heparina': 63,
    'eparina': 64,
    'hepariini': 65,
    'heparyna': 66,
    'heparinum': 67,
    'geparin': 68,
    'antithrombiniii': 69,
    'kybernin': 70,
    'thrombate': 71,
    'atenativ': 72,
    'anbinex': 73,
    'antithrombin': 74,
    'antithrombine': 75,
    'antitrombina': 76,
    'antithrombinalfa': 77,
    'atryn': 78,
    'dalteparin': 79,
    'fragmin': 80,
    'dalteparine': 81,
    'dalteparina': 82,
    'dalteparyna': 84,
    'enoxaparin': 85,
    'lovenox': 86,
    'clexane': 87,
    'klexane': 88,
    'inhixa': 89,
    'thorinane': 90,
    'enoxaparine': 91,
    'enoxaparina': 92,
    'enoksaparyna': 94,
    'enoksaparin': 95,
    'enoksapariini': 96,
    'nadroparin': 97,
    'fraxiparine': 98,
    'fraxiparin': 99,
    'fraxodi': 100,
    'nadroparine': 101,
    'nadroparina': 102,
    'nadroparincalcium': 103,
    'nadroparyna': 104,
    'parnaparin': 105,
    'fluxum': 106,
    'parnaparina': 107,
    'reviparin': 108,
    'clivarin': 109,
    'clivarine': 110,
    'reviparina': 111,
    'danaparoid': 112,
    'orgaran': 113,
    'danaparoide': 114,
    'tinzaparin': 115,
    'innohep': 116,
    'logiparin': 117,
    'tinzaparine': 118,
    'tinzaparina': 119,
    'sulodexide': 121,
    'vesselduef': 122,
    'vesseldue': 123,
    'sulodexid': 124,
    'sulodexida': 125,
    'bemiparin': 126,
    'hibor': 127,
    'zibor': 128,
    'bemiparina': 129,
    'bemiparine': 130,
    'certoparin': 131,
    'monoembolex': 132,
    'certoparina': 133,
    'ditazole': 134,
    'cloricromen': 135,
    'picotamide': 136,
    'plactidil': 137,
    'picotamida': 138,
    'clopidogrel': 139,
    'plavix': 140,
    'iscover': 141,
    'grepid': 142,
    'zyllt': 143,
    'clopilet': 144,
    'clopivas': 145,
    'deplatt': 146,
    'ceruvin': 147,
    'clopitab': 148,
    'clopidogrelbisulfate': 149,
    'clopidogrelhydrogensulfate': 150,
    'clopidogrelbesilate': 151,
    'clopidogrelum': 152,
    'klopidogrel': 153,
    'klopidogreeli': 154,
    'ticlopidine': 155,
    'ticlid': 156,
    'tiklid': 157,
    'tiklyd': 158,
    'ticlopidina': 159,
    'tiklopidin': 160,
    'tiklopidyna': 161,
    'acetylsalicylicacid': 162,
    'aspirinprotect': 163,
    'aspirincardio': 164,
    'herzass': 165,
    'thromboass': 166,
    'assratiopharm': 167,
    'godamed': 168,
    'nuseals': 169,
    'caprin': 170,
    'micropirin': 171,
    'disprincv': 172,
    'ecotrin': 173,
    'halfprin': 174,
    'durlaza': 175,
    'vazalore': 176,
    'asaphen': 177,
    'entrophen': 178,
    'novasen': 179,
    'stjoseph': 180,
    'cardiprin': 181,
    'astrix': 182,
    'cartia': 183,
    'spren': 184,
    'solprin': 185,
    'kardegic': 186,
    'resitune': 187,
    'adiro': 188,
    'tromalyt': 189,
    'cardioaspirin': 190,
    'cardioaspirina': 191,
    'cardirene': 192,
    'aspirinetta': 193,
    'magnyl': 194,
    'hjertemagnyl': 195,
    'albyle': 196,
    'albylminor': 197,
    'trombyl': 198,
    'primaspan': 199,
    'acard': 200,
    'polocard': 201,
    'anopyrin': 202,
    'cardiomagnyl': 203,
    'ecosprin': 204,
    'loprin': 205,
    'colsprin': 206,
    'aspocid': 207,
    'ecasa': 208,
    'zorprin': 209,
    'bayer': 210,
    'aspirin': 211,
    'babyaspirin': 212,
    'acetylsalicylic': 214,
    'asa': 216,
    'ass': 217,
    'aas': 218,
    'ask': 219,
    'lysineacetylsalicylate': 220,
    'acetylsalicylate': 221,
    'aspirine': 222,
    'aspirina': 223,
    'aspiryna': 224,
    'aspiriini': 225,
    'acideacetylsalicylique': 226,
    'acetylsalicylatelysine': 227,
    'acetylsalicylsaure': 228,
    'acidoacetilsalicilico': 229,
    'acetilsalicilico': 230,
    'acetylsalicylzuur': 231,
    'acetosal': 232,
    'acetylsalicylsyra': 233,
    'acetylsalicylsyre': 234,
    'acetylsalisylsyre': 235,
    'asetyylisalisyylihappo': 236,
    'kwasacetylosalicylowy': 237,
    'kyselinaacetylsalicylova': 238,
    'acetilsalicilnakiselina': 239,
    'acidumacetylsalicylicum': 240,
    'atsetilsalitsilovayakislota': 241,
    'kardiomagnil': 242,
    'tromboass': 243,
    'dipyridamole': 245,
    'persantine': 246,
    'persantin': 247,
    'dipyridamol': 248,
    'dipiridamol': 249,
    'dipiridamolo': 250,
    'dipyridamoli': 251,
    'dipirydamol': 252,
    'carbasalatecalcium': 253,
    'ascal': 254,
    'carbasalaatcalcium': 255,
    'carbasalate': 256,
    'calciumcarbasalate': 257,
    'carbasalatcalcium': 258,
    'epoprostenol': 259,
    'flolan': 260,
    'veletri': 261,
    'epoprostenolo': 262,
    'indobufen': 263,
    'ibustrin': 264,
    'indobufene': 265,
    'iloprost': 266,
    'ventavis': 267,
    'ilomedin': 268,
    'ilomedine': 269,
    'iloprosto': 270,
    'abciximab': 271,
    'reopro': 272,
    'aloxiprin': 273,
    'aloxiprine': 274,
    'eptifibatide': 275,
    'integrilin': 276,
    'eptifibatida': 277,
    'eptifibatid': 278,
    'tirofiban': 279,
    'aggrastat': 280,
    'tirofibano': 281,
    'triflusal': 282,
    'disgren': 283,
    'beraprost': 284,
    'treprostinil': 285,
    'remodulin': 286,
    'tyvaso': 287,
    'orenitram': 288,
    'treprostinilo': 289,
    'prasugrel': 290,
    'effient': 291,
    'efient': 292,
    'prasugrelum': 293,
    'cilostazol': 294,
    'pletal': 295,
    'pletaal': 296,
    'cilostazolo': 297,
    'tsilostazol': 298,
    'ticagrelor': 299,
    'brilinta': 300,
    'brilique': 301,
    'possia': 302,
    'axcer': 303,
    'tikagrelor': 304,
    'ticagrelorum': 305,
    'cangrelor': 306,
    'kengreal': 307,
    'kengrexal': 308,
    'vorapaxar': 309,
    'zontivity': 310,
    'selexipag': 311,
    'uptravi': 312,
    'limaprost': 313,
    'aspirindipyridamole': 314,
    'aggrenox': 315,
    'asasantin': 316,
    'acetylsalicylicaciddipyridamole': 318,
    'dipyridamoleaspirin': 320,
    'dipyridamoleacetylsalicylicacid': 321,
    'clopidogrelacetylsalicylicacid': 322,
    'duoplavin': 323,
    'duocover': 324,
    'coplavix': 325,
    'clopileta': 326,
    'deplatta': 327,
    'ceruvina': 328,
    'clopitaba': 329,
    'clopidogrelaspirin': 330,
    'clopidogrelasa': 332,
    'aspirinclopidogrel': 333,
    'acetylsalicylicacidomeprazole': 334,
    'yosprala': 335,
    'aspirinomeprazole': 336,
    'acetylsalicylicacidatorvastatin': 337,
    'ecosprinav': 338,
    'aspirinatorvastatin': 339,
    'acetylsalicylicacidpainrelief': 340,
    'aspro': 341,
    'asproclear': 342,
    'disprin': 343,
    'aspirinn': 344,
    'aspegic': 345,
    'bufferin': 346,
    'ascriptin': 347,
    'bamyl': 348,
    'magnecyl': 349,
    'albyl': 350,
    'polopiryna': 351,
    'alkaseltzer': 352,
    'lysineaspirin': 353,
    'acetylsalicylicacidcombinations': 354,
    'excedrin': 355,
    'anacin': 356,
    'anadin': 357,
    'anadinextra': 358,
    'thomapyrin': 359,
    'treo': 360,
    'aspirincomplex': 361,
    'aspirinc': 362,
    'goodys': 363,
    'bcpowder': 364,
    'aspirincaffeine': 365,
    'aspirinparacetamol': 366,
    'aspirinacetaminophen': 367,
    'streptokinase': 368,
    'streptase': 369,
    'kabikinase': 370,
    'estreptoquinasa': 371,
    'alteplase': 372,
    'actilyse': 373,
    'activase': 374,
    'cathfloactivase': 375,
    'rtpa': 376,
    'tissueplasminogenactivator': 377,
    'alteplasa': 378,
    'anistreplase': 379,
    'eminase': 380,
    'urokinase': 381,
    'kinlytic': 382,
    'ukidan': 383,
    'uroquinasa': 384,
    'urochinasi': 385,
    'fibrinolysin': 386,
    'brinase': 387,
    'reteplase': 388,
    'rapilysin': 389,
    'retavase': 390,
    'reteplasa': 391,
    'saruplase': 392,
    'ancrod': 393,
    'drotrecoginalfaactivated': 394,
    'xigris': 395,
    'drotrecoginalfa': 396,
    'tenecteplase': 397,
    'metalyse': 398,
    'tnkase': 399,
    'tenecteplasa': 400,
    'proteinc': 401,
    'ceprotin': 402,
    'proteincconcentrate': 403,
    'apadamtasealfacinaxadamtasealfa': 404,
    'adzynma': 405,
    'apadamtasealfa': 406,
    'desirudin': 407,
    'iprivask': 408,
    'revasc': 409,
    'lepirudin': 410,
    'refludan': 411,
    'argatroban': 412,
    'argatra': 413,
    'exembol': 414,
    'melagatran': 415,
    'ximelagatran': 416,
    'exanta': 417,
    'bivalirudin': 418,
    'angiomax': 419,
    'angiox': 420,
    'bivalirudina': 421,
    'dabigatran': 422,
    'pradaxa': 423,
    'pradax': 424,
    'dabigatranetexilate': 425,
    'dabigatranetexilat': 426,
    'dabigatrano': 427,
    'dabigatranum': 428,
    'rivaroxaban': 429,
    'xarelto': 430,
    'rivaroxabanum': 431,
    'rivaroksaban': 432,
    'rivaroxabana': 433,
    'apixaban': 434,
    'eliquis': 435,
    'apixabanum': 436,
    'apiksaban': 437,
    'apixabana': 438,
    'edoxaban': 439,
    'savaysa': 440,
    'lixiana': 441,
    'roteas': 442,
    'edoxabanum': 443,
    'edoksaban': 444,
    'edoxabantosilate': 445,
    'betrixaban': 446,
    'bevyxxa': 447,
    'rivaroxabanacetylsalicylicacid': 448,
    'rivaroxabanaspirin': 449,
    'defibrotide': 450,
    'defitelio': 451,
    'defibrotida': 452,
    'dermatansulfate': 453,
    'dermatansulphate': 454,
    'fondaparinux': 455,
    'arixtra': 456,
    'quixidar': 457,
    'fondaparinuks': 459,
    'fondaparinuxum': 460,
    'caplacizumab': 461,
    'cablivi': 462,
    'unspecifiedanticoagulant': 463,
    'bloodthinner': 464,
    'bloodthinners': 465,
    'bloodthinning': 466,
    'bloodthinningmedication': 467,
    'anticoagulant': 468,
    'anticoagulants': 469,
    'anticoagulation': 470,
    'thinner': 471,
    'thinners': 472,
    'doac': 473,
    'noac': 474,
    'vitaminkantagonist': 475,
    'molecularweightheparin': 476,
    'lmwh': 477,
    'blutverdunner': 478,
    'blutverdunnung': 479,
    'gerinnungshemmer': 480,
    'antikoagulans': 481,
    'antikoagulantien': 482,
    'anticoagulante': 483,
    'anticoagulantes': 484,
    'anticoagulanti': 485,
    'fluidifiant': 486,
    'fluidificante': 487,
    'bloedverdunner': 488,
    'bloedverdunners': 489,
    'antistolling': 490,
    'blodfortynnende': 491,
    'blodfortyndende': 492,
    'blodfortunnande': 493,
    'verenohennuslaake': 494,
    'antykoagulant': 495,
    'lekprzeciwzakrzepowy': 496,
    'unspecifiedantiplatelet': 497,
    'antiplatelet': 498,
    'antiplatelets': 499,
    'antiplateletagent': 500,
    'plateletinhibitor': 501,
    'thrombozytenaggregationshemmer': 502,
    'thrombozytenhemmer': 503,
    'plattchenhemmer': 504,
    'antiagregante': 505,
    'antiagreganteplaquetario': 506,
    'antiaggregante': 507,
    'antiaggregantepiastrinico': 508,
    'antiagregantplaquettaire': 509,
    'antiagregant': 510,
    'trombocytaggregationshammare': 511,
    'plaatjesremmer': 512,
}

#: spelling skeleton of a one-word name -> index into NAMES
SKELETON: dict[str, int] = {
    'dicumarol': 0,
    'fenindion': 3,
    'dindevan': 4,
    'varfarin': 7,
    'cumadin': 8,
    'jantoven': 10,
    'marevan': 11,
    'aldocumar': 13,
    'univarfin': 14,
    'fenprocumon': 24,
    'marcumar': 25,
    'falitrom': 27,
    'liquamar': 28,
    'acenocumarol': 34,
    'sintrom': 35,
    'acitrom': 38,
    'nicumalon': 42,
    'tromexan': 46,
    'clorindion': 47,
    'difenadion': 48,
    'tioclomarol': 49,
    'fluindion': 50,
    'previscan': 51,
    'eparin': 53,
    'calciparin': 54,
    'monoparin': 55,
    'multiparin': 56,
    'liquemin': 57,
    'cibernin': 70,
    'trombat': 71,
    'atenativ': 72,
    'anbinex': 73,
    'antitrombin': 74,
    'dalteparin': 79,
    'fragmin': 80,
    'enoxaparin': 85,
    'lovenox': 86,
    'clexan': 87,
    'inix': 89,
    'torinan': 90,
    'nadroparin': 97,
    'fraxiparin': 98,
    'fraxod': 100,
    'parnaparin': 105,
    'flux': 106,
    'reviparin': 108,
    'clivarin': 109,
    'danaparoid': 112,
    'orgaran': 113,
    'tinsaparin': 115,
    'inoep': 116,
    'logiparin': 117,
    'sulodexid': 121,
    'bemiparin': 126,
    'certoparin': 131,
    'ditasol': 134,
    'cloricromen': 135,
    'picotamid': 136,
    'plactidil': 137,
    'clopidogrel': 139,
    'plavix': 140,
    'iscover': 141,
    'grepid': 142,
    'clopilet': 144,
    'clopivas': 145,
    'deplat': 146,
    'ceruvin': 147,
    'clopitab': 148,
    'ticlopidin': 155,
    'ticlid': 156,
    'godamed': 168,
    'caprin': 170,
    'micropirin': 171,
    'ecotrin': 173,
    'alfprin': 174,
    'durlas': 175,
    'vasalor': 176,
    'asafen': 177,
    'entrofen': 178,
    'novasen': 179,
    'cardiprin': 181,
    'astrix': 182,
    'carti': 183,
    'solprin': 185,
    'cardegic': 186,
    'resitun': 187,
    'tromalit': 189,
    'cardioaspirin': 190,
    'cardiren': 192,
    'aspirinet': 193,
    'magnil': 194,
    'jertemagnil': 195,
    'trombil': 198,
    'primaspan': 199,
    'polocard': 201,
    'anopirin': 202,
    'cardiomagnil': 203,
    'ecosprin': 204,
    'loprin': 205,
    'colsprin': 206,
    'aspocid': 207,
    'sorprin': 209,
    'aspirin': 211,
    'acetilsalicilic': 214,
    'acetilsalicilat': 221,
    'acetilsalicilsaur': 228,
    'acetilsalicilsur': 231,
    'acetosal': 232,
    'acetilsalicilsir': 233,
    'acetilsalisilsir': 235,
    'asetilisalisiliap': 236,
    'dipiridamol': 245,
    'persantin': 246,
    'carbasalatcalci': 255,
    'carbasalat': 256,
    'epoprostenol': 259,
    'flolan': 260,
    'veletr': 261,
    'indobufen': 263,
    'ibustrin': 264,
    'iloprost': 266,
    'ventavis': 267,
    'ilomedin': 268,
    'abciximab': 271,
    'reopr': 272,
    'aloxiprin': 273,
    'eptifibatid': 275,
    'integrilin': 276,
    'tirofiban': 279,
    'agrastat': 280,
    'triflusal': 282,
    'disgren': 283,
    'beraprost': 284,
    'treprostinil': 285,
    'remodulin': 286,
    'tivas': 287,
    'orenitram': 288,
    'prasugrel': 290,
    'efient': 291,
    'cilostasol': 294,
    'pletal': 295,
    'ticagrelor': 299,
    'brilint': 300,
    'briliqu': 301,
    'posi': 302,
    'cangrelor': 306,
    'cengreal': 307,
    'cengrexal': 308,
    'vorapaxar': 309,
    'sontivit': 310,
    'selexipag': 311,
    'uptrav': 312,
    'limaprost': 313,
    'agrenox': 315,
    'asasantin': 316,
    'duoplavin': 323,
    'duocover': 324,
    'coplavix': 325,
    'iospral': 335,
    'disprin': 343,
    'aspegic': 345,
    'buferin': 346,
    'ascriptin': 347,
    'magnecil': 349,
    'polopirin': 351,
    'excedrin': 355,
    'anacin': 356,
    'anadin': 357,
    'tomapirin': 359,
    'streptocinas': 368,
    'streptas': 369,
    'cabicinas': 370,
    'estreptoquinas': 371,
    'alteplas': 372,
    'actilis': 373,
    'activas': 374,
    'anistreplas': 379,
    'eminas': 380,
    'urocinas': 381,
    'cinlitic': 382,
    'ucidan': 383,
    'uroquinas': 384,
    'fibrinolisin': 386,
    'brinas': 387,
    'reteplas': 388,
    'rapilisin': 389,
    'retavas': 390,
    'saruplas': 392,
    'ancrod': 393,
    'xigris': 395,
    'tenecteplas': 397,
    'metalis': 398,
    'tncas': 399,
    'ceprotin': 402,
    'adsinm': 405,
    'desirudin': 407,
    'iprivasc': 408,
    'revasc': 409,
    'lepirudin': 410,
    'refludan': 411,
    'argatroban': 412,
    'argatr': 413,
    'exembol': 414,
    'melagatran': 415,
    'ximelagatran': 416,
    'exant': 417,
    'bivalirudin': 418,
    'angiomax': 419,
    'angiox': 420,
    'dabigatran': 422,
    'pradax': 423,
    'rivaroxaban': 429,
    'xarelt': 430,
    'apixaban': 434,
    'eliquis': 435,
    'edoxaban': 439,
    'savais': 440,
    'lixian': 441,
    'roteas': 442,
    'betrixaban': 446,
    'bevix': 447,
    'defibrotid': 450,
    'defiteli': 451,
    'fondaparinux': 455,
    'arixtr': 456,
    'quixidar': 457,
    'caplacisumab': 461,
    'cabliv': 462,
    'anticoagulant': 468,
    'anticoagulants': 469,
    'anticoagulation': 470,
    'tiner': 471,
    'tiners': 472,
    'blutverduner': 478,
    'blutverdunung': 479,
    'gerinungsemer': 480,
    'anticoagulans': 481,
    'anticoagulantien': 482,
    'anticoagulantes': 484,
    'fluidifiant': 486,
    'fluidificant': 487,
    'bloedverduner': 488,
    'bloedverduners': 489,
    'antistoling': 490,
    'blodfortinend': 491,
    'blodfortindend': 492,
    'blodfortunand': 493,
    'verenoenuslac': 494,
    'antiplatelet': 498,
    'antiplatelets': 499,
    'trombositenagregationsemer': 502,
    'trombositenemer': 503,
    'platcenemer': 504,
    'antiagregant': 505,
    'trombocitagregationsamar': 511,
    'platjesremer': 512,
}

#: name compared with misspellings -> index into NAMES
FUZZY: dict[str, int] = {
    'dicoumarol': 0,
    'dicumarol': 1,
    'dicoumarolum': 2,
    'phenindione': 3,
    'dindevan': 4,
    'fenindiona': 5,
    'phenindion': 6,
    'warfarin': 7,
    'coumadin': 8,
    'coumadine': 9,
    'jantoven': 10,
    'marevan': 11,
    'waran': 12,
    'aldocumar': 13,
    'uniwarfin': 14,
    'warfarine': 17,
    'warfarina': 18,
    'varfarina': 19,
    'warfaryna': 20,
    'varfarin': 21,
    'varfariini': 22,
    'warfarinum': 23,
    'phenprocoumon': 24,
    'marcumar': 25,
    'marcoumar': 26,
    'falithrom': 27,
    'liquamar': 28,
    'fenprocoumon': 29,
    'fenprocumona': 30,
    'fenprocumone': 31,
    'phenprocoumone': 32,
    'fenprokumon': 33,
    'acenocoumarol': 34,
    'sintrom': 35,
    'sinthrome': 36,
    'minisintrom': 37,
    'acitrom': 38,
    'acenocumarol': 39,
    'acenocumarolo': 40,
    'acenokumarol': 41,
    'nicoumalone': 42,
    'acenocoumarolum': 43,
    'ethylbiscoumacetate': 45,
    'tromexan': 46,
    'clorindione': 47,
    'diphenadione': 48,
    'tioclomarol': 49,
    'fluindione': 50,
    'previscan': 51,
    'fluindiona': 52,
    'heparin': 53,
    'calciparine': 54,
    'monoparin': 55,
    'multiparin': 56,
    'liquemin': 57,
    'heparinleo': 58,
    'heparincalcium': 60,
    'unfractionatedheparin': 61,
    'heparine': 62,
    'heparina': 63,
    'eparina': 64,
    'hepariini': 65,
    'heparyna': 66,
    'heparinum': 67,
    'antithrombiniii': 69,
    'kybernin': 70,
    'thrombate': 71,
    'atenativ': 72,
    'anbinex': 73,
    'antithrombin': 74,
    'antithrombine': 75,
    'antitrombina': 76,
    'antithrombinalfa': 77,
    'atryn': 78,
    'dalteparin': 79,
    'fragmin': 80,
    'dalteparine': 81,
    'dalteparina': 82,
    'dalteparyna': 84,
    'enoxaparin': 85,
    'lovenox': 86,
    'clexane': 87,
    'klexane': 88,
    'inhixa': 89,
    'thorinane': 90,
    'enoxaparine': 91,
    'enoxaparina': 92,
    'enoksaparyna': 94,
    'enoksaparin': 95,
    'enoksapariini': 96,
    'nadroparin': 97,
    'fraxiparine': 98,
    'fraxiparin': 99,
    'fraxodi': 100,
    'nadroparine': 101,
    'nadroparina': 102,
    'nadroparincalcium': 103,
    'nadroparyna': 104,
    'parnaparin': 105,
    'fluxum': 106,
    'parnaparina': 107,
    'reviparin': 108,
    'clivarin': 109,
    'clivarine': 110,
    'reviparina': 111,
    'danaparoid': 112,
    'orgaran': 113,
    'danaparoide': 114,
    'tinzaparin': 115,
    'innohep': 116,
    'logiparin': 117,
    'tinzaparine': 118,
    'tinzaparina': 119,
    'sulodexide': 121,
    'vesselduef': 122,
    'vesseldue': 123,
    'sulodexid': 124,
    'sulodexida': 125,
    'bemiparin': 126,
    'hibor': 127,
    'zibor': 128,
    'bemiparina': 129,
    'bemiparine': 130,
    'certoparin': 131,
    'monoembolex': 132,
    'certoparina': 133,
    'ditazole': 134,
    'cloricromen': 135,
    'picotamide': 136,
    'plactidil': 137,
    'picotamida': 138,
    'clopidogrel': 139,
    'plavix': 140,
    'iscover': 141,
    'grepid': 142,
    'zyllt': 143,
    'clopilet': 144,
    'clopivas': 145,
    'deplatt': 146,
    'ceruvin': 147,
    'clopitab': 148,
    'clopidogrelbisulfate': 149,
    'clopidogrelhydrogensulfate': 150,
    'clopidogrelbesilate': 151,
    'clopidogrelum': 152,
    'klopidogrel': 153,
    'klopidogreeli': 154,
    'ticlopidine': 155,
    'ticlid': 156,
    'tiklid': 157,
    'tiklyd': 158,
    'ticlopidina': 159,
    'tiklopidin': 160,
    'tiklopidyna': 161,
    'acetylsalicylicacid': 162,
    'aspirinprotect': 163,
    'aspirincardio': 164,
    'herzass': 165,
    'thromboass': 166,
    'assratiopharm': 167,
    'godamed': 168,
    'nuseals': 169,
    'caprin': 170,
    'micropirin': 171,
    'disprincv': 172,
    'ecotrin': 173,
    'halfprin': 174,
    'durlaza': 175,
    'vazalore': 176,
    'asaphen': 177,
    'entrophen': 178,
    'novasen': 179,
    'stjoseph': 180,
    'cardiprin': 181,
    'astrix': 182,
    'cartia': 183,
    'spren': 184,
    'solprin': 185,
    'kardegic': 186,
    'resitune': 187,
    'adiro': 188,
    'tromalyt': 189,
    'cardioaspirin': 190,
    'cardioaspirina': 191,
    'cardirene': 192,
    'aspirinetta': 193,
    'magnyl': 194,
    'hjertemagnyl': 195,
    'albyle': 196,
    'albylminor': 197,
    'trombyl': 198,
    'primaspan': 199,
    'acard': 200,
    'polocard': 201,
    'anopyrin': 202,
    'cardiomagnyl': 203,
    'ecosprin': 204,
    'loprin': 205,
    'colsprin': 206,
    'aspocid': 207,
    'ecasa': 208,
    'zorprin': 209,
    'bayer': 210,
    'aspirin': 211,
    'babyaspirin': 212,
    'acetylsalicylic': 214,
    'lysineacetylsalicylate': 220,
    'acetylsalicylate': 221,
    'aspirine': 222,
    'aspirina': 223,
    'aspiryna': 224,
    'aspiriini': 225,
    'acideacetylsalicylique': 226,
    'acetylsalicylatelysine': 227,
    'acetylsalicylsaure': 228,
    'acidoacetilsalicilico': 229,
    'acetilsalicilico': 230,
    'acetylsalicylzuur': 231,
    'acetosal': 232,
    'acetylsalicylsyra': 233,
    'acetylsalicylsyre': 234,
    'acetylsalisylsyre': 235,
    'asetyylisalisyylihappo': 236,
    'kwasacetylosalicylowy': 237,
    'kyselinaacetylsalicylova': 238,
    'acetilsalicilnakiselina': 239,
    'acidumacetylsalicylicum': 240,
    'dipyridamole': 245,
    'persantine': 246,
    'persantin': 247,
    'dipyridamol': 248,
    'dipiridamol': 249,
    'dipiridamolo': 250,
    'dipyridamoli': 251,
    'dipirydamol': 252,
    'carbasalatecalcium': 253,
    'ascal': 254,
    'carbasalaatcalcium': 255,
    'carbasalate': 256,
    'calciumcarbasalate': 257,
    'carbasalatcalcium': 258,
    'epoprostenol': 259,
    'flolan': 260,
    'veletri': 261,
    'epoprostenolo': 262,
    'indobufen': 263,
    'ibustrin': 264,
    'indobufene': 265,
    'iloprost': 266,
    'ventavis': 267,
    'ilomedin': 268,
    'ilomedine': 269,
    'iloprosto': 270,
    'abciximab': 271,
    'reopro': 272,
    'aloxiprin': 273,
    'aloxiprine': 274,
    'eptifibatide': 275,
    'integrilin': 276,
    'eptifibatida': 277,
    'eptifibatid': 278,
    'tirofiban': 279,
    'aggrastat': 280,
    'tirofibano': 281,
    'triflusal': 282,
    'disgren': 283,
    'beraprost': 284,
    'treprostinil': 285,
    'remodulin': 286,
    'tyvaso': 287,
    'orenitram': 288,
    'treprostinilo': 289,
    'prasugrel': 290,
    'effient': 291,
    'efient': 292,
    'prasugrelum': 293,
    'cilostazol': 294,
    'pletal': 295,
    'pletaal': 296,
    'cilostazolo': 297,
    'ticagrelor': 299,
    'brilinta': 300,
    'brilique': 301,
    'possia': 302,
    'axcer': 303,
    'tikagrelor': 304,
    'ticagrelorum': 305,
    'cangrelor': 306,
    'kengreal': 307,
    'kengrexal': 308,
    'vorapaxar': 309,
    'zontivity': 310,
    'selexipag': 311,
    'uptravi': 312,
    'limaprost': 313,
    'aspirindipyridamole': 314,
    'aggrenox': 315,
    'asasantin': 316,
    'acetylsalicylicaciddipyridamole': 318,
    'dipyridamoleaspirin': 320,
    'dipyridamoleacetylsalicylicacid': 321,
    'clopidogrelacetylsalicylicacid': 322,
    'duoplavin': 323,
    'duocover': 324,
    'coplavix': 325,
    'clopileta': 326,
    'deplatta': 327,
    'ceruvina': 328,
    'clopitaba': 329,
    'clopidogrelaspirin': 330,
    'clopidogrelasa': 332,
    'aspirinclopidogrel': 333,
    'acetylsalicylicacidomeprazole': 334,
    'yosprala': 335,
    'aspirinomeprazole': 336,
    'acetylsalicylicacidatorvastatin': 337,
    'ecosprinav': 338,
    'aspirinatorvastatin': 339,
    'acetylsalicylicacidpainrelief': 340,
    'aspro': 341,
    'asproclear': 342,
    'disprin': 343,
    'aspirinn': 344,
    'aspegic': 345,
    'bufferin': 346,
    'ascriptin': 347,
    'bamyl': 348,
    'magnecyl': 349,
    'albyl': 350,
    'polopiryna': 351,
    'alkaseltzer': 352,
    'lysineaspirin': 353,
    'acetylsalicylicacidcombinations': 354,
    'excedrin': 355,
    'anacin': 356,
    'anadin': 357,
    'anadinextra': 358,
    'thomapyrin': 359,
    'aspirincomplex': 361,
    'aspirinc': 362,
    'goodys': 363,
    'bcpowder': 364,
    'aspirincaffeine': 365,
    'aspirinparacetamol': 366,
    'aspirinacetaminophen': 367,
    'streptokinase': 368,
    'streptase': 369,
    'kabikinase': 370,
    'estreptoquinasa': 371,
    'alteplase': 372,
    'actilyse': 373,
    'activase': 374,
    'cathfloactivase': 375,
    'tissueplasminogenactivator': 377,
    'alteplasa': 378,
    'anistreplase': 379,
    'eminase': 380,
    'urokinase': 381,
    'kinlytic': 382,
    'ukidan': 383,
    'uroquinasa': 384,
    'urochinasi': 385,
    'fibrinolysin': 386,
    'brinase': 387,
    'reteplase': 388,
    'rapilysin': 389,
    'retavase': 390,
    'reteplasa': 391,
    'saruplase': 392,
    'ancrod': 393,
    'drotrecoginalfaactivated': 394,
    'xigris': 395,
    'drotrecoginalfa': 396,
    'tenecteplase': 397,
    'metalyse': 398,
    'tnkase': 399,
    'tenecteplasa': 400,
    'proteinc': 401,
    'ceprotin': 402,
    'proteincconcentrate': 403,
    'apadamtasealfacinaxadamtasealfa': 404,
    'adzynma': 405,
    'apadamtasealfa': 406,
    'desirudin': 407,
    'iprivask': 408,
    'revasc': 409,
    'lepirudin': 410,
    'refludan': 411,
    'argatroban': 412,
    'argatra': 413,
    'exembol': 414,
    'melagatran': 415,
    'ximelagatran': 416,
    'exanta': 417,
    'bivalirudin': 418,
    'angiomax': 419,
    'angiox': 420,
    'bivalirudina': 421,
    'dabigatran': 422,
    'pradaxa': 423,
    'pradax': 424,
    'dabigatranetexilate': 425,
    'dabigatranetexilat': 426,
    'dabigatrano': 427,
    'dabigatranum': 428,
    'rivaroxaban': 429,
    'xarelto': 430,
    'rivaroxabanum': 431,
    'rivaroksaban': 432,
    'rivaroxabana': 433,
    'apixaban': 434,
    'eliquis': 435,
    'apixabanum': 436,
    'apiksaban': 437,
    'apixabana': 438,
    'edoxaban': 439,
    'savaysa': 440,
    'lixiana': 441,
    'roteas': 442,
    'edoxabanum': 443,
    'edoksaban': 444,
    'edoxabantosilate': 445,
    'betrixaban': 446,
    'bevyxxa': 447,
    'rivaroxabanacetylsalicylicacid': 448,
    'rivaroxabanaspirin': 449,
    'defibrotide': 450,
    'defitelio': 451,
    'defibrotida': 452,
    'dermatansulfate': 453,
    'dermatansulphate': 454,
    'fondaparinux': 455,
    'arixtra': 456,
    'quixidar': 457,
    'fondaparinuks': 459,
    'fondaparinuxum': 460,
    'caplacizumab': 461,
    'cablivi': 462,
    'unspecifiedanticoagulant': 463,
    'bloodthinner': 464,
    'bloodthinners': 465,
    'bloodthinning': 466,
    'bloodthinningmedication': 467,
    'anticoagulant': 468,
    'anticoagulants': 469,
    'anticoagulation': 470,
    'thinner': 471,
    'thinners': 472,
    'vitaminkantagonist': 475,
    'molecularweightheparin': 476,
    'blutverdunner': 478,
    'blutverdunnung': 479,
    'gerinnungshemmer': 480,
    'antikoagulans': 481,
    'antikoagulantien': 482,
    'anticoagulante': 483,
    'anticoagulantes': 484,
    'anticoagulanti': 485,
    'fluidifiant': 486,
    'fluidificante': 487,
    'bloedverdunner': 488,
    'bloedverdunners': 489,
    'antistolling': 490,
    'blodfortynnende': 491,
    'blodfortyndende': 492,
    'blodfortunnande': 493,
    'verenohennuslaake': 494,
    'antykoagulant': 495,
    'lekprzeciwzakrzepowy': 496,
    'unspecifiedantiplatelet': 497,
    'antiplatelet': 498,
    'antiplatelets': 499,
    'antiplateletagent': 500,
    'plateletinhibitor': 501,
    'thrombozytenaggregationshemmer': 502,
    'thrombozytenhemmer': 503,
    'plattchenhemmer': 504,
    'antiagregante': 505,
    'antiagreganteplaquetario': 506,
    'antiaggregante': 507,
    'antiaggregantepiastrinico': 508,
    'antiagregantplaquettaire': 509,
    'antiagregant': 510,
    'trombocytaggregationshammare': 511,
    'plaatjesremmer': 512,
}

#: Read words of names that are not blood thinners (set aside before matching)
BLOCKED: frozenset[str] = frozenset({
    'aminosalicylate',
    'aminosalicylicacid',
    'cartiaxt',
    'cholinesalicylate',
    'dimazole',
    'hexamine',
    'lopirin',
    'lopril',
    'mesalamine',
    'mesalazine',
    'methylsalicylate',
    'novasone',
    'phenindamine',
})
