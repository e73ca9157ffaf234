; Inno Setup 6 script for UnionLedger (工会实事台账): per-user installer, Chinese UI.
;
; Built by build_scripts\build_windows.ps1, which passes the version and folders:
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=<repo>\dist\UnionLedger /DOutputDir=<repo>\dist\installer build_scripts\unionledger.iss
;
; - Installs for the current user only, without administrator rights, into
;   %LOCALAPPDATA%\Programs\UnionLedger (PrivilegesRequired=lowest).
; - Start-menu shortcut always, desktop shortcut (ticked by default), CLI not on a shortcut.
; - The data (database, backups, logs) lives in %LOCALAPPDATA%\UnionLedger, outside the
;   program folder; uninstalling keeps it unless the user ticks the box in the uninstall
;   dialog (see [Code]).
; - Installer language: ChineseSimplified.isl, an UNOFFICIAL Inno Setup translation. Download
;   it from https://jrsoftware.org/files/istrans/ into Inno Setup's Languages folder (or
;   pass /DChineseIsl=<path>). This file is UTF-8 with a byte-order mark: keep it that way.
; - Windows 10 1809 (build 17763) or later, x64 only: Qt 6's minimum.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\UnionLedger"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist\installer"
#endif
#ifndef ChineseIsl
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#endif

#define AppName "工会实事台账"
#define AppNameEn "UnionLedger"
#define AppExeName "UnionLedger.exe"
#define DataFolderName "UnionLedger"

[Setup]
; AppId identifies the program for upgrades and uninstall: never change it.
AppId={{8B881177-797E-4016-8384-692CE26AB809}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppNameEn}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName} {#AppNameEn}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={localappdata}\Programs\{#AppNameEn}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir={#OutputDir}
OutputBaseFilename={#AppNameEn}-{#AppVersion}-setup
SetupIconFile=..\resources\icons\unionledger.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole PyInstaller folder: UnionLedger.exe, unionledger-cli.exe and _internal\.
; Never ship a portable marker or a data folder that a test run left in dist\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Excludes: "\portable,\data"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that the new one no longer has.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  DeleteDataFolder: Boolean;

function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolderName}');
end;

function IsSameOrInside(Inner, Outer: String): Boolean;
var
  A, B: String;
begin
  A := Lowercase(AddBackslash(Inner));
  B := Lowercase(AddBackslash(Outer));
  Result := Copy(A, 1, Length(B)) = B;
end;

{ The program refuses a data folder inside its installation folder (desktop_app/packaging_guard.py),
  so the installation folder may neither be the data folder nor contain it. }
function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  if CurPageID = wpSelectDir then
  begin
    if IsSameOrInside(WizardDirValue(), DataFolder()) or IsSameOrInside(DataFolder(), WizardDirValue()) then
    begin
      MsgBox('不能安装到数据文件夹 ' + DataFolder() + ' 或包含它的文件夹中。' + #13#10 +
        '请选择其他位置（建议使用默认位置）。', mbError, MB_OK);
      Result := False;
    end;
  end;
end;

{ Asks, before anything is removed, whether the data folder should go too. Unticked by
  default; a second, explicit confirmation follows because the ledger cannot be recovered. }
function AskAboutDataFolder(): Boolean;
var
  Form: TSetupForm;
  Intro: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Result := False;
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(460);
    Form.ClientHeight := ScaleY(180);
    Form.Caption := '卸载 {#AppName}';
    Form.BorderStyle := bsDialog;
    Form.Position := poScreenCenter;

    Intro := TNewStaticText.Create(Form);
    Intro.Parent := Form;
    Intro.AutoSize := False;
    Intro.WordWrap := True;
    Intro.Left := ScaleX(16);
    Intro.Top := ScaleY(16);
    Intro.Width := Form.ClientWidth - ScaleX(32);
    Intro.Height := ScaleY(72);
    Intro.Caption := '将删除程序文件。台账数据（数据库、备份、日志）保存在：' + #13#10 +
      DataFolder() + #13#10 +
      '默认保留这些数据，重新安装后可以继续使用。';

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(16);
    Box.Top := ScaleY(96);
    Box.Width := Form.ClientWidth - ScaleX(32);
    Box.Height := ScaleY(20);
    Box.Caption := '同时删除数据文件夹（删除后无法恢复）';
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(25);
    OkButton.Left := Form.ClientWidth - ScaleX(16 + 90 + 8 + 90);
    OkButton.Top := Form.ClientHeight - ScaleY(16 + 25);
    OkButton.Caption := '继续卸载';
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(25);
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 90);
    CancelButton.Top := Form.ClientHeight - ScaleY(16 + 25);
    CancelButton.Caption := '取消';
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Form.ActiveControl := OkButton;
    if Form.ShowModal() = mrOk then
    begin
      Result := True;
      if Box.Checked then
        DeleteDataFolder := MsgBox('确定要永久删除以下文件夹中的全部台账数据吗？' + #13#10 +
          DataFolder() + #13#10#13#10 + '删除后无法恢复。如需保留，请先把数据导出或复制备份。',
          mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
    end;
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  DeleteDataFolder := False;
  { Silent uninstalls (e.g. by an administrator's script) always keep the data. }
  if UninstallSilent() or not DirExists(DataFolder()) then
    Result := True
  else
    Result := AskAboutDataFolder();
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteDataFolder then
  begin
    if not DelTree(DataFolder(), True, True, True) then
      MsgBox('未能完全删除数据文件夹（可能有文件正在使用）：' + #13#10 + DataFolder() +
        #13#10 + '请关闭程序后手动删除。', mbError, MB_OK);
  end;
end;
